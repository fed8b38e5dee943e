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
 *
 * <p>{@code factory apply} the same way, for the one outcome that applies nothing: when the
 * daemon's plan has no change and no error, apply prints that plan and ends, as a cold apply
 * would (it prints the plan, finds nothing to do and exits 0). Any other plan (a change, an
 * unknown object, an error) is not the daemon's to act on: this process takes the state lock,
 * plans and applies itself, as it always did.
 *
 * <p>Where the system has {@code /usr/bin/python3}, the launcher asks before any JVM starts, with
 * its own copy of this client ({@code src/main/python/factory_ask.py}): the same options, request,
 * output and exit codes. Keep the two in step: QuickPlanPythonIT parses thousands of command lines
 * with both, LauncherIT runs both against the production control socket and compares what they print.
 */
final class QuickPlan {
    /** Set while this command already offered the plan to the daemons: PlanCommand does not offer it twice. */
    static final ThreadLocal<Boolean> ASKED = ThreadLocal.withInitial(() -> false);

    /** The fast path's whole vocabulary. */
    record Request(boolean apply, Path config, Path stateDir, boolean refresh, boolean detailedExitCode, boolean noColor,
                   List<String> targets, List<String> excludes) {}

    private QuickPlan() {}

    /**
     * The request {@code args} make, or null when any of them needs the whole command line. The
     * launcher ({@code factory}'s {@code daemon_likely}) lists the same options to pick the class
     * archive of a run the daemon answers: an option added here goes there too (LauncherIT).
     */
    static Request parse(String[] args) {
        if (args.length == 0 || !(args[0].equals("plan") || args[0].equals("apply"))) return null;
        boolean apply = args[0].equals("apply");
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
                case "--auto-approve", "--allow-mass-delete" -> {   // apply's: nothing to approve, nothing deleted when nothing changes
                    if (inline || !apply) return null;
                }
                case "--parallelism" -> {
                    if (!apply) return null;
                    String value = inline ? arg.substring(arg.indexOf('=') + 1) : i + 1 < args.length ? args[++i] : "";
                    if (!value.matches("[1-9][0-9]{0,3}")) return null;   // picocli words anything else
                }
                case "--refresh", "-refresh", "--detailed-exitcode", "--no-color" -> {
                    if (inline || apply && name.equals("--detailed-exitcode")) return null;
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
        return new Request(apply, config, stateDir, refresh, detailed, noColor, List.copyOf(targets), List.copyOf(excludes));
    }

    /**
     * {@code FACTORY_PLAN_HERE} set: plan in this process, as {@code --no-daemon} does. The launcher
     * sets it on the run that dumps its class archive, so the archive holds what a plan loads, not
     * the few classes a plan answered by a daemon needs.
     */
    static boolean planHere() {
        String here = System.getenv("FACTORY_PLAN_HERE");
        return here != null && !here.isEmpty();
    }

    /** The exit code when a daemon answered and the plan was printed; null to take the whole path. */
    static Integer answer(String[] args, PrintWriter out, PrintWriter err) {
        if (System.getenv("FACTORY_API_STATS") != null || planHere()) return null;   // counts this process's own calls
        Request r = parse(args);
        if (r == null) return null;
        Path config = PlanCommand.offeredConfig(r.config());
        if (config == null) return null;
        byte[] request = requestLine(config, r, CommonOptions.color(r.noColor()));
        ASKED.set(true);
        var answered = PlanCommand.askDaemons(r.stateDir(), request, QuickPlan::readAnswer, err, answer -> {
            if (r.apply()) return answer.text() != null && !answer.errors() && !answer.pending() ? answer : null;   // else: this process applies
            if (answer.text() != null) return answer;
            ASKED.set(false);   // a daemon of a factory before rendering: the whole path reads its plan as JSON
            return null;
        });
        if (answered == null) return null;
        var answer = answered.value();
        out.print(answer.text());
        out.flush();
        err.flush();
        if (answer.errors()) return ExitCodes.ERROR;
        return r.detailedExitCode() && answer.pending() ? ExitCodes.CHANGES_PENDING : ExitCodes.OK;
    }

    /** What the fast path reads of a daemon's answer (see dev.factory.daemon.PlanServer); {@code text} null when it rendered none. */
    record Answer(boolean mine, String text, boolean errors, boolean pending, long pid, long tookMs) implements PlanCommand.DaemonAnswer {}

    private static final com.fasterxml.jackson.core.JsonFactory JSON = new com.fasterxml.jackson.core.JsonFactory();

    /**
     * The request {@link PlanCommand#daemonRequest} makes, with the text rendered by the daemon,
     * written as its JSON line by Jackson's streaming writer (its object mapper costs a cold JVM
     * ~400 classes).
     */
    static byte[] requestLine(Path config, Request r, boolean color) {
        var bytes = new java.io.ByteArrayOutputStream();
        try (var json = JSON.createGenerator(bytes)) {
            json.writeStartObject();
            json.writeStringField("command", "plan");
            json.writeStringField("config", config.toString());
            json.writeBooleanField("refresh", r.refresh());
            if (r.stateDir() != null) json.writeStringField("stateDir", r.stateDir().toAbsolutePath().normalize().toString());
            json.writeArrayFieldStart("targets");
            for (String target : r.targets()) json.writeString(target);
            json.writeEndArray();
            json.writeArrayFieldStart("excludes");
            for (String exclude : r.excludes()) json.writeString(exclude);
            json.writeEndArray();
            json.writeObjectFieldStart("render");
            json.writeBooleanField("color", color);
            json.writeEndObject();
            json.writeEndObject();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);   // into memory
        }
        bytes.write('\n');
        return bytes.toByteArray();
    }

    /** The answer's top-level fields the fast path needs; every other field (a plan's JSON too) skipped unread. */
    static Answer readAnswer(java.io.InputStream in) throws java.io.IOException {
        boolean mine = false;
        boolean errors = false;
        boolean pending = false;
        String text = null;
        long pid = 0;
        long tookMs = 0;
        try (var json = JSON.createParser(in)) {
            if (json.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) throw new java.io.IOException("the daemon's answer is not a JSON object");
            while (json.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                String field = json.currentName();
                var value = json.nextToken();
                switch (field) {
                    case "mine" -> mine = value == com.fasterxml.jackson.core.JsonToken.VALUE_TRUE;
                    case "errors" -> errors = value == com.fasterxml.jackson.core.JsonToken.VALUE_TRUE;
                    case "pending" -> pending = value == com.fasterxml.jackson.core.JsonToken.VALUE_TRUE;
                    case "text" -> text = value == com.fasterxml.jackson.core.JsonToken.VALUE_STRING ? json.getText() : null;
                    case "pid" -> pid = json.getValueAsLong(0);
                    case "tookMs" -> tookMs = json.getValueAsLong(0);
                    default -> json.skipChildren();
                }
            }
        }
        return new Answer(mine, text, errors, pending, pid, tookMs);
    }
}
