package dev.factory.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.factory.state.AtomicFiles;
import dev.factory.state.StateDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** The last reconcile, as {@code factory status} shows it: {@code STATE/daemon/last-reconcile.json}. */
public record DaemonState(Instant at, String revision, String subject, String result, int pending, int applied, int failed, String message) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

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
        var n = JSON.createObjectNode().put("at", at.toString()).put("revision", revision).put("subject", subject).put("result", result)
                .put("pending", pending).put("applied", applied).put("failed", failed).put("message", message);
        AtomicFiles.write(file(state), JSON.writeValueAsBytes(n));
    }

    public static DaemonState read(StateDir state) throws IOException {
        Path f = file(state);
        if (!Files.exists(f)) return null;
        JsonNode n = JSON.readTree(f.toFile());
        return new DaemonState(Instant.parse(n.path("at").asText()), n.path("revision").asText(null), n.path("subject").asText(null),
                n.path("result").asText(), n.path("pending").asInt(), n.path("applied").asInt(), n.path("failed").asInt(), n.path("message").asText(null));
    }
}
