package dev.factory.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.factory.plan.Change;
import dev.factory.plan.Plan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the last successful apply converged to: per address, a digest of its desired state. A
 * later drift is corrective when the desired state is still the same (live moved), intentional
 * when it differs (the config moved).
 */
public record LastApply(Instant at, String revision, String subject, Map<String, String> digests) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    public static Path file(StateDir state) {
        return state.root().resolve("last-apply.json");
    }

    /**
     * Payload fields that describe the live object, not what the config asks for: a hand edit's
     * diff, ids, run state, the remote's head. They stay out of the digest, so a live change
     * leaves it as it was (corrective) and only a change of the config moves it (intentional).
     */
    static final java.util.Set<String> OBSERVED = java.util.Set.of("diff", "id", "ids", "state", "head", "status", "busy", "gone",
            "bytes", "files", "mtime");

    public static String digest(Change c) {
        try {
            if (c.after() == null) return "absent";
            var desired = new TreeMap<String, Object>(c.after());
            desired.keySet().removeAll(OBSERVED);
            return dev.factory.runtime.Sha256.hex(JSON.writeValueAsString(desired)).substring(0, 16);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Records the plan made right after an apply, once everything it could converge did. */
    public static void record(StateDir state, Plan converged) throws IOException {
        ObjectNode root = JSON.createObjectNode().put("at", Instant.now().toString()).put("revision", converged.configRevision())
                .put("subject", converged.configSubject());
        ObjectNode digests = root.putObject("digests");
        for (Change c : converged.changes()) {
            if (c.after() != null) digests.put(c.address().toString(), digest(c));
        }
        AtomicFiles.write(file(state), JSON.writeValueAsBytes(root));
    }

    public static LastApply read(StateDir state) throws IOException {
        Path f = file(state);
        if (!Files.exists(f)) return null;
        JsonNode root = JSON.readTree(f.toFile());
        var digests = new TreeMap<String, String>();
        root.path("digests").fields().forEachRemaining(e -> digests.put(e.getKey(), e.getValue().asText()));
        return new LastApply(dev.factory.runtime.Instants.parse(root.path("at").asText()), root.path("revision").asText(null), root.path("subject").asText(null), digests);
    }
}
