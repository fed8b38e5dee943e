package dev.factory.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code factory plan} answered by a running daemon without building the command line: picocli's
 * command tree costs a cold JVM ~0.25 s, and parsing a 1,000-change plan from JSON another
 * ~0.15 s. A plan invocation made only of the options below is sent to the daemon, which renders
 * the text itself (the same {@link dev.factory.plan.TextPlanView}, the same state dir line); any
 * other option, or a daemon that is absent, declines or fails, goes the whole way through
 * {@link PlanCommand}, which then asks no daemon again.
 */
final class QuickPlan {
    /** Set while this command already offered the plan to the daemons: PlanCommand does not offer it twice. */
    static final ThreadLocal<Boolean> ASKED = ThreadLocal.withInitial(() -> false);

    /** The fast path's whole vocabulary. */
    record Request(Path config, Path stateDir, boolean refresh, boolean detailedExitCode, boolean noColor,
                   List<String> targets, List<String> excludes) {}

    private QuickPlan() {}

    /** The request {@code args} make, or null when any of them needs the whole command line. */
    static Request parse(String[] args) {
        if (args.length == 0 || !args[0].equals("plan")) return null;
        Path config = null;
        Path stateDir = null;
        boolean refresh = false;
        boolean detailed = false;
        boolean noColor = false;
        var targets = new ArrayList<String>();
        var excludes = new ArrayList<String>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            boolean inline = arg.contains("=");
            switch (name) {
                case "--refresh", "-refresh", "--detailed-exitcode", "--no-color" -> {
                    if (inline) return null;
                    if (name.endsWith("refresh")) refresh = true;
                    else if (name.equals("--detailed-exitcode")) detailed = true;
                    else noColor = true;
                }
                case "--config", "--state-dir", "--target", "-target", "--exclude", "-exclude" -> {
                    String value;
                    if (inline) {
                        value = arg.substring(arg.indexOf('=') + 1);
                    } else {
                        if (i + 1 >= args.length) return null;
                        value = args[++i];
                    }
                    if (value.isEmpty() || value.startsWith("-")) return null;   // picocli words the mistake
                    switch (name) {
                        case "--config" -> {
                            if (config != null) return null;
                            config = Path.of(value);
                        }
                        case "--state-dir" -> {
                            if (stateDir != null) return null;
                            stateDir = Path.of(value);
                        }
                        case "--target", "-target" -> targets.add(value);
                        default -> excludes.add(value);
                    }
                }
                default -> {
                    return null;
                }
            }
        }
        return new Request(config, stateDir, refresh, detailed, noColor, List.copyOf(targets), List.copyOf(excludes));
    }

    /** The exit code when a daemon answered and the plan was printed; null to take the whole path. */
    static Integer answer(String[] args, PrintWriter out, PrintWriter err) {
        if (System.getenv("FACTORY_API_STATS") != null) return null;   // counts this process's own calls
        Request r = parse(args);
        if (r == null) return null;
        Path config = PlanCommand.offeredConfig(r.config());
        if (config == null) return null;
        var request = PlanCommand.daemonRequest(config, r.stateDir(), r.refresh(), r.targets(), r.excludes());
        request.putObject("render").put("color", CommonOptions.color(r.noColor()));
        ASKED.set(true);
        var answered = PlanCommand.askDaemons(r.stateDir(), request, err, answer -> {
            if (answer.path("text").isTextual()) return answer;
            ASKED.set(false);   // a daemon of a factory before rendering: the whole path reads its plan as JSON
            return null;
        });
        if (answered == null) return null;
        var answer = answered.value();
        out.print(answer.get("text").asText());
        out.flush();
        err.flush();
        if (answer.path("errors").asBoolean(false)) return ExitCodes.ERROR;
        return r.detailedExitCode() && answer.path("pending").asBoolean(false) ? ExitCodes.CHANGES_PENDING : ExitCodes.OK;
    }
}
