package dev.factory.cli;

import dev.factory.config.ConfigLoader;
import dev.factory.config.Desired;
import dev.factory.engine.Reconciler;
import dev.factory.plan.Plan;
import dev.factory.plan.PlanJson;
import dev.factory.state.AtomicFiles;
import dev.factory.state.StateDir;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "plan", description = "Show what apply would change, without changing anything.")
final class PlanCommand extends ConfigCommand {
    @picocli.CommandLine.Mixin
    FormatOptions.Plan format;

    @picocli.CommandLine.Mixin
    TargetOptions target;

    @picocli.CommandLine.Mixin
    RefreshOption refresh;

    @Option(names = "--out", paramLabel = "FILE", description = "Also save the plan, for 'factory apply FILE'.")
    Path out;

    @Option(names = "--detailed-exitcode", description = "Exit 2 when changes are pending, 0 when there are none.")
    boolean detailedExitCode;

    @Option(names = "--no-daemon", description = "Plan in this process even when a running daemon could answer for this config.")
    boolean noDaemon;

    private OutputFormat chosen;

    @Override
    void checkOptions() {
        chosen = format.chosen();
    }

    @Override
    int run(Console console, Desired desired, ConfigLoader.Result loaded) throws Exception {
        StateDir stateDir = StateDir.resolve(common.stateDir, loaded.desired().host(), loaded.desired().configDir());
        Plan plan;
        try (Reconciler reconciler = dev.factory.app.Adapters.reconciler(loaded.desired(), loaded.diagnostics(), stateDir, console::progress)) {
            plan = target.targeting().select(refresh.apply(reconciler).plan());
        }
        return finish(console, plan, stateDir.root().toString());
    }

    /**
     * A running daemon's plan of this config, when one answers for it: it loads and plans the same
     * directory in its warm JVM (see dev.factory.daemon.PlanServer), so the plan is the one this
     * process would make, without the start-up. Only a local config directory is offered (a
     * --repo or bootstrap source is fetched here), and only to the daemon of --state-dir, else of
     * the default state dirs; a daemon that declines, is absent or does not answer means a plan here.
     */
    @Override
    Integer beforeLoad(Console console) throws Exception {
        if (noDaemon || QuickPlan.planHere() || common.repo != null || common.bootstrap != null || QuickPlan.ASKED.get()) return null;
        Path config = offeredConfig(common.config);
        if (config == null) return null;
        var request = daemonRequest(config, common.stateDir, refresh.refresh, target.targeting().targets(), target.targeting().excludes());
        var answered = askDaemons(common.stateDir, dev.factory.daemon.ControlSocket.line(request),
                in -> new JsonAnswer(dev.factory.daemon.ControlSocket.readAnswer(in)), console.err(), answer -> {
            try {
                return PlanJson.parse(answer.json().get("plan"), "the daemon's answer");
            } catch (java.io.IOException | RuntimeException e) {   // a daemon of another factory version
                console.err().println("warning: " + e.getMessage() + "; planning here instead");
                return null;
            }
        });
        return answered == null ? null : finish(console, answered.value(), answered.state().toString());
    }

    /** The local config directory a daemon may be offered: --config, else factory-config when no bootstrap file is there; null when none is. */
    static Path offeredConfig(Path config) {
        if (config == null && java.nio.file.Files.isRegularFile(dev.factory.source.Bootstrap.DEFAULT)) return null;
        Path dir = (config != null ? config : CommonOptions.DEFAULT_CONFIG).toAbsolutePath().normalize();
        return java.nio.file.Files.isDirectory(dir) ? dir : null;
    }

    /** What the daemon of {@code state} answered, as {@code read} made of it. */
    record Answered<T>(T value, Path state) {}

    /** What every daemon's answer to a plan says of itself: whether it is the daemon's own plan, whose, and how long it took. */
    interface DaemonAnswer {
        boolean mine();

        long pid();

        long tookMs();
    }

    /** A daemon's answer as the JSON tree the whole path reads (its plan is in {@code plan}). */
    record JsonAnswer(com.fasterxml.jackson.databind.JsonNode json) implements DaemonAnswer {
        @Override
        public boolean mine() {
            return json.path("mine").asBoolean(false);
        }

        @Override
        public long pid() {
            return json.path("pid").asLong();
        }

        @Override
        public long tookMs() {
            return json.path("tookMs").asLong();
        }
    }

    /**
     * Offers {@code requestLine} to the daemon of each of {@link #daemonStateDirs} in turn, reads
     * each answer with {@code reader}, and returns the first that is the daemon's own and that
     * {@code read} makes something of (null: try the next), having said on stderr who planned it;
     * null when none did. A daemon that does not answer in time is a warning, and the next is asked.
     */
    static <A extends DaemonAnswer, T> Answered<T> askDaemons(Path stateDir, byte[] requestLine, dev.factory.daemon.ControlSocket.AnswerReader<A> reader,
                                                             java.io.PrintWriter err, java.util.function.Function<A, T> read) {
        for (Path state : daemonStateDirs(stateDir)) {
            long t = System.nanoTime();
            A answer;
            try {
                var got = dev.factory.daemon.ControlSocket.exchange(new StateDir(state).controlSocket(), requestLine, PLAN_WITHIN, reader);
                if (got.isEmpty() || !got.get().mine()) continue;
                answer = got.get();
            } catch (java.io.IOException e) {
                err.println("warning: " + e.getMessage() + "; planning here instead");
                continue;
            }
            T value = read.apply(answer);
            if (value == null) continue;
            dev.factory.runtime.Timing.mark("plan: asked the daemon", t);
            err.println(plannedBy(answer.pid(), answer.tookMs()));
            return new Answered<>(value, state);
        }
        return null;
    }

    /** The line on stderr that says a daemon made the plan shown. */
    static String plannedBy(long pid, long tookMs) {
        return "(planned by the running factory daemon, pid " + pid + ", in " + tookMs + " ms; --no-daemon plans here)";
    }

    /** How long a plan through the daemon may take before this process plans itself. */
    static final java.time.Duration PLAN_WITHIN = java.time.Duration.ofSeconds(120);

    /** The control-socket request for a plan of {@code config} (see dev.factory.daemon.PlanServer). */
    static com.fasterxml.jackson.databind.node.ObjectNode daemonRequest(Path config, Path stateDir, boolean refresh,
                                                                        java.util.List<String> targets, java.util.List<String> excludes) {
        var request = dev.factory.daemon.ControlSocket.request("plan").put("config", config.toString()).put("refresh", refresh);
        if (stateDir != null) request.put("stateDir", stateDir.toAbsolutePath().normalize().toString());
        targets.forEach(request.withArray("targets")::add);
        excludes.forEach(request.withArray("excludes")::add);
        return request;
    }

    /** Where a daemon for this config may listen: --state-dir's, else the default state dirs (yours, and the bundled config's). */
    static java.util.List<Path> daemonStateDirs(Path stateDir) {
        if (stateDir != null) return java.util.List.of(stateDir.toAbsolutePath().normalize());
        return java.util.List.of(StateDir.resolve(null, null, Path.of(".")).root(), Path.of("/var/lib/factory"));
    }

    private int finish(Console console, Plan plan, String stateRoot) throws java.io.IOException {
        long t = System.nanoTime();
        PlanViews.print(plan, chosen, common.color(), stateRoot, console.out());
        dev.factory.runtime.Timing.mark("plan: print", t);
        if (out != null) {
            AtomicFiles.write(out, PlanJson.write(plan).getBytes(StandardCharsets.UTF_8));
            console.err().println("Saved the plan to " + out + "; apply exactly this plan with: factory apply " + out);
        }
        if (plan.hasErrors()) return ExitCodes.ERROR;
        return detailedExitCode && plan.hasPendingChanges() ? ExitCodes.CHANGES_PENDING : ExitCodes.OK;
    }
}
