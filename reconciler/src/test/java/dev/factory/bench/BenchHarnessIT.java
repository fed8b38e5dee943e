package dev.factory.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.factory.testing.RequiresDocker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The benchmark harness itself, on its tiny scenario: it runs from the checkout and reports a no-op as a no-op. */
@RequiresDocker
class BenchHarnessIT {
    @Test
    void theTinyScenarioRunsAndReportsNoMutatingCalls() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Path results = Path.of("target/bench-results").toAbsolutePath();
        Process p = new ProcessBuilder(root.resolve("bench/run").toString(), "--scenario", "tiny", "--runs", "2", "--no-compose",
                "--out", results.toString())
                .directory(root.toFile()).redirectErrorStream(true).redirectOutput(Path.of("target/bench-tiny.log").toFile()).start();
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "bench/run finished");
        assertEquals(0, p.exitValue(), Files.readString(Path.of("target/bench-tiny.log")));
        Path latest;
        try (var files = Files.list(results)) {
            latest = files.filter(f -> f.getFileName().toString().matches("tiny-\\d{8}-\\d{6}\\.json")).max(Comparator.naturalOrder()).orElseThrow();
        }
        var r = new ObjectMapper().readTree(latest.toFile());
        assertEquals("0", r.at("/noopApplyCold/mutatingDockerCalls").asText(), r.toString());
        assertEquals(0, r.at("/noopPlanCold/pendingChanges").asInt(), r.toString());
        assertTrue(r.at("/inProcessPlan/dockerCalls").asInt() <= 6, "a constant number of list calls per kind: " + r.at("/inProcessPlan"));
        assertTrue(r.at("/noopPlanCold/medianMs").asInt() > 0 && r.at("/inProcessPlan/medianMs").asDouble() > 0);
        assertEquals(53, r.at("/contextHash/contextEntries").asInt(), "the Dockerfile, 2 directories, 50 files: " + r.at("/contextHash"));
        assertTrue(r.at("/contextHash/filesReadWithCache").asInt() < 50, "the digest cache saved reads: " + r.at("/contextHash"));
        assertTrue(Files.isRegularFile(results.resolve("latest-tiny.md")), "the Markdown table is written beside the JSON");
    }
}
