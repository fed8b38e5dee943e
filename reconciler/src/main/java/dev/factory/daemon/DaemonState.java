package dev.factory.daemon;

import dev.factory.state.Records;
import dev.factory.state.StateDir;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

/** The last reconcile, as {@code factory status} shows it: {@code STATE/daemon/last-reconcile.json}. */
public record DaemonState(Instant at, String revision, String subject, String result, int pending, int applied, int failed, String message) {
    /** The state a converge leaves: what it did, what is still pending, why it stopped. */
    public static DaemonState of(dev.factory.engine.Converge.Outcome o, Instant at) {
        var plan = o.plan();
        int pending = o.pending().size();
        String revision = plan.configRevision(), subject = plan.configSubject();
        return switch (o.result()) {
            case PLAN_ERRORS, CHECK_FAILED -> new DaemonState(at, revision, subject, "failed", pending, 0, 0, "the plan has errors");
            case NOTHING_TO_DO -> new DaemonState(at, revision, subject, pending == 0 ? "no-changes" : "drift", pending, 0, 0, null);
            case REFUSED -> new DaemonState(at, revision, subject, "refused", pending, 0, 0, "mass delete refused: " + o.guard().describe());
            case NOT_APPROVED -> new DaemonState(at, revision, subject, "drift", pending, 0, 0, null);
            case CONVERGED, INCOMPLETE -> new DaemonState(at, revision, subject, o.applied().succeeded() ? "applied" : "incomplete", pending,
                    (int) o.applied().count(dev.factory.apply.ApplyResult.Status.APPLIED),
                    (int) o.applied().count(dev.factory.apply.ApplyResult.Status.FAILED), null);
        };
    }

    static Path file(StateDir state) {
        return state.root().resolve("daemon").resolve("last-reconcile.json");
    }

    public void write(StateDir state) throws IOException {
        Records.write(file(state), this);
    }

    public static DaemonState read(StateDir state) throws IOException {
        return Records.read(file(state), DaemonState.class);
    }
}
