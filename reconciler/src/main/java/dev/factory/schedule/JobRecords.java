package dev.factory.schedule;

import dev.factory.state.Records;
import dev.factory.state.StateDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Each job's recent runs in {@code STATE/jobs/NAME.json}: exit code, duration, output tail, failures in a row. */
public final class JobRecords {
    static final int KEEP = 20;

    public record Run(Instant startedAt, long durationMillis, int exitCode, boolean timedOut, List<String> tail) {}

    public record History(String name, int consecutiveFailures, List<Run> runs) {
        @com.fasterxml.jackson.annotation.JsonIgnore
        public Run last() {
            return runs.isEmpty() ? null : runs.get(runs.size() - 1);
        }
    }

    private JobRecords() {}

    static Path file(StateDir state, String name) {
        return state.root().resolve("jobs").resolve(name + ".json");
    }

    public static synchronized History read(StateDir state, String name) throws IOException {
        History h = Records.read(file(state, name), History.class);
        return h == null ? new History(name, 0, List.of()) : h;
    }

    public static synchronized History record(StateDir state, String name, Run run) throws IOException {
        var before = read(state, name);
        var runs = new ArrayList<>(before.runs());
        runs.add(run);
        while (runs.size() > KEEP) runs.remove(0);
        int failures = run.exitCode() == 0 ? 0 : before.consecutiveFailures() + 1;
        var after = new History(name, failures, runs);
        Records.write(file(state, name), after);
        return after;
    }
}
