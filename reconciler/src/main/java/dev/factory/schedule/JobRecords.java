package dev.factory.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.factory.state.AtomicFiles;
import dev.factory.state.StateDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Each job's recent runs in {@code STATE/jobs/NAME.json}: exit code, duration, output tail, failures in a row. */
public final class JobRecords {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final int KEEP = 20;

    public record Run(Instant startedAt, long durationMillis, int exitCode, boolean timedOut, List<String> tail) {}

    public record History(String name, int consecutiveFailures, List<Run> runs) {
        public Run last() {
            return runs.isEmpty() ? null : runs.get(runs.size() - 1);
        }
    }

    private JobRecords() {}

    static Path file(StateDir state, String name) {
        return state.root().resolve("jobs").resolve(name + ".json");
    }

    public static synchronized History read(StateDir state, String name) throws IOException {
        Path f = file(state, name);
        if (!Files.exists(f)) return new History(name, 0, List.of());
        JsonNode root = JSON.readTree(f.toFile());
        var runs = new ArrayList<Run>();
        for (JsonNode r : root.path("runs")) {
            var tail = new ArrayList<String>();
            r.path("tail").forEach(t -> tail.add(t.asText()));
            runs.add(new Run(Instant.parse(r.path("startedAt").asText()), r.path("durationMillis").asLong(), r.path("exitCode").asInt(),
                    r.path("timedOut").asBoolean(), tail));
        }
        return new History(name, root.path("consecutiveFailures").asInt(), runs);
    }

    public static synchronized History record(StateDir state, String name, Run run) throws IOException {
        var before = read(state, name);
        var runs = new ArrayList<>(before.runs());
        runs.add(run);
        while (runs.size() > KEEP) runs.remove(0);
        int failures = run.exitCode() == 0 ? 0 : before.consecutiveFailures() + 1;
        ObjectNode root = JSON.createObjectNode().put("name", name).put("consecutiveFailures", failures);
        ArrayNode array = root.putArray("runs");
        for (Run r : runs) {
            ObjectNode n = array.addObject().put("startedAt", r.startedAt().toString()).put("durationMillis", r.durationMillis())
                    .put("exitCode", r.exitCode()).put("timedOut", r.timedOut());
            var t = n.putArray("tail");
            r.tail().forEach(t::add);
        }
        AtomicFiles.write(file(state, name), JSON.writeValueAsBytes(root));
        return new History(name, failures, runs);
    }
}
