package dev.factory.daemon;

import dev.factory.apply.ApplyOptions;
import dev.factory.app.Adapters;
import dev.factory.config.ConfigLoader;
import dev.factory.config.Desired;
import dev.factory.doctor.Doctor;
import dev.factory.engine.Converge;
import dev.factory.engine.Reconciler;
import dev.factory.plan.Plan;
import dev.factory.report.DriftBuilder;
import dev.factory.report.DriftWriter;
import dev.factory.schedule.JobRunner;
import dev.factory.schedule.JobSpec;
import dev.factory.schedule.ScheduleSection;
import dev.factory.state.LockHeldException;
import dev.factory.state.StateDir;
import dev.factory.state.StateLock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** What the daemon's scheduled steps do: one reconcile, one drift report, one job run. */
final class Rounds {
    private Rounds() {}

    /**
     * Converges when the schedule says {@code autoApply}, else only plans; records the outcome for
     * {@code factory status}. Returns it, or null when another apply held the lock.
     */
    static Converge.Outcome reconcile(ConfigLoader.Result loaded, StateDir state, BooleanSupplier stopping, Consumer<String> log) throws Exception {
        return reconcile(loaded, state, dev.factory.plan.Targeting.ALL, stopping, log);
    }

    /**
     * A reconcile narrowed to {@code targeting} (live drift's): only a full one is recorded as the
     * last reconcile, and without autoApply each pending change is logged as drift at once.
     */
    static Converge.Outcome reconcile(ConfigLoader.Result loaded, StateDir state, dev.factory.plan.Targeting targeting, BooleanSupplier stopping,
                                      Consumer<String> log) throws Exception {
        String what = targeting.partial() ? "live reconcile of " + String.join(", ", targeting.targets()) : "reconcile";
        Desired desired = loaded.desired();
        boolean autoApply = desired.get(ScheduleSection.SECTION).autoApply();
        try (StateLock lock = StateLock.acquire(state, "factory daemon reconcile", w -> log.accept("warning: " + w));
             Reconciler reconciler = Adapters.reconciler(desired, loaded.diagnostics(), state, log)) {
            var outcome = Converge.run(reconciler, new Converge.Steps() {
                @Override
                public boolean approve(Plan plan) {
                    return autoApply;
                }

                @Override
                public ApplyOptions applyOptions() {
                    return ApplyOptions.defaults().withStop(stopping);
                }

                @Override
                public dev.factory.plan.Targeting targeting() {
                    return targeting;
                }
            }, log);
            var recorded = DaemonState.of(outcome, Instant.now());
            if (!targeting.partial()) recorded.write(state);
            if (outcome.applied() != null) {
                var r = outcome.applied();
                log.accept(what + ": applied " + r.count(dev.factory.apply.ApplyResult.Status.APPLIED) + ", failed "
                        + r.count(dev.factory.apply.ApplyResult.Status.FAILED) + ", skipped " + r.count(dev.factory.apply.ApplyResult.Status.SKIPPED));
            } else if (outcome.result() != Converge.Result.PLAN_ERRORS) {
                log.accept(what + ": " + recorded.result() + ", " + recorded.pending() + " pending");
                if (targeting.partial()) {
                    for (var c : outcome.pending()) log.accept("drift: " + c.address() + " " + c.action().word() + " (" + dev.factory.runtime.Printable.escape(c.reason()) + ")");
                }
            }
            return outcome;
        } catch (LockHeldException e) {
            log.accept(what + " skipped: " + e.getMessage());
            return null;
        }
    }

    static dev.factory.report.DriftReport driftReport(ConfigLoader.Result loaded, StateDir state, Consumer<String> log) throws Exception {
        Desired desired = loaded.desired();
        var schedule = desired.get(ScheduleSection.SECTION);
        try (Reconciler reconciler = Adapters.reconciler(desired, loaded.diagnostics(), state, line -> { });
             var ports = Adapters.open(desired.host(), System.getenv())) {
            var doctor = schedule.driftDoctor() ? new Doctor(Adapters.oneShot(state, desired, ports)) : null;
            Path dir = state.root().resolve("drift");
            var report = DriftBuilder.build(reconciler, desired, doctor, dev.factory.report.DriftHistory.read(dir),
                    dev.factory.app.Registry.configGit(), dev.factory.app.Adapters.egressAudit(desired, state, ports));
            DriftWriter.write(report, dir, schedule.driftKeep(), List.of("json", "md", "html"));
            log.accept(report.oneLine());
            DriftWriter.notifyIfDrift(desired, report).ifPresent(status -> log.accept("drift webhook answered HTTP " + status));
            return report;
        }
    }

    /** Runs {@code job} once and returns its exit code. */
    static int runJob(Desired desired, JobSpec job, StateDir state, Consumer<String> log) throws Exception {
        try (var ports = Adapters.open(desired.host(), System.getenv())) {
            var swarm = ports.get(dev.factory.kinds.swarm.SwarmEngine.class);
            if (dev.factory.kinds.container.ClusterSection.of(desired).enabled() && !dev.factory.kinds.swarm.SwarmJobRun.leads(swarm)) {
                log.accept("job " + job.name() + ": not run here; the swarm's leader runs jobs");
                return 0;
            }
            var history = new JobRunner(Adapters.oneShot(state, desired, ports), state, ports.get(dev.factory.kinds.swarm.SwarmEngine.class)).run(desired, job);
            var last = history.last();
            log.accept("job " + job.name() + " exited " + last.exitCode() + " in " + last.durationMillis() + " ms"
                    + (history.consecutiveFailures() >= job.failAfter() ? "; FAILING " + history.consecutiveFailures() + " times in a row" : ""));
            return last.exitCode();
        }
    }
}
