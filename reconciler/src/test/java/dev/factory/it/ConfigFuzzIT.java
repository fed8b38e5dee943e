package dev.factory.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.factory.testing.Cli;
import dev.factory.testing.ConfigMutator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 1,000 broken configs, made by mutating the user's own config (every kind it declares) from a
 * fixed seed, through the real command line: {@code validate} and {@code plan}. Every case must end
 * with exit 0 or 1 within 10 s, print no stack trace and no internal error, and leave no trace:
 * the state dir is never created and nothing outside the config directory changes.
 *
 * <p>The sandbox copies {@code factory-config/} and {@code images/}, then points everything
 * host-related into a temp dir: the Docker endpoint at a socket nothing listens on, repo URLs at
 * paths that do not exist, homes and secrets at empty temp dirs. So a plan observes real (empty)
 * things and never reaches out.
 */
class ConfigFuzzIT {
    static final int CASES = 1000;
    static final long SEED = Long.getLong("fuzz.seed", 20261122L);

    @TempDir
    static Path sandbox;
    static Path config;
    static Path state;
    static ExecutorService runner;

    @BeforeAll
    static void sandbox() throws IOException {
        config = dev.factory.testing.BundledSandbox.create(sandbox);
        state = sandbox.resolve("state");
        runner = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(null, r, "fuzz-case", 8L << 20);
            t.setDaemon(true);
            return t;
        });
    }

    @AfterAll
    static void stop() {
        runner.shutdownNow();
    }

    @Test
    void everyMutantEndsCleanlyWithinTenSecondsAndLeavesNoTrace() throws Exception {
        var baseline = plan();
        assertTrue(baseline.exitCode() == 0, "the sandboxed config plans: " + baseline.all());
        assertFalse(Files.exists(state), "plan does not create the state dir");
        var before = snapshot();

        List<Path> files;
        try (Stream<Path> s = Files.list(config)) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        var mutator = new ConfigMutator(SEED);
        var random = new java.util.Random(SEED);
        var kinds = new TreeMap<String, int[]>();
        for (int i = 0; i < CASES; i++) {
            Path file = files.get(random.nextInt(files.size()));
            String original = Files.readString(file);
            var mutant = mutator.mutate(original);
            Files.writeString(file, mutant.text());
            String label = "case " + i + " (" + mutant.kind() + " in " + file.getFileName() + ", seed " + SEED + ")";
            try {
                boolean planIt = i % 3 == 1;   // a plan also observes; validate is the same parse and checks
                var run = within10s(label, planIt ? new String[] {"plan", "--config", config.toString(), "--no-color"}
                        : new String[] {"validate", "--config", config.toString()});
                assertTrue(run.exitCode() == 0 || run.exitCode() == 1, label + ": exit " + run.exitCode() + "\n" + head(run.all()));
                assertFalse(run.all().contains("\tat ") || run.all().contains("internal error") || run.all().contains("Exception"),
                        label + ": a stack trace or internal error\n" + head(run.all()));
                assertFalse(Files.exists(state), label + ": the state dir was created");
                kinds.computeIfAbsent(mutant.kind(), k -> new int[2])[run.exitCode()]++;
            } finally {
                Files.writeString(file, original);
            }
        }
        assertEquals(before, snapshot(), "nothing outside the config directory changed");
        System.out.println("fuzz: " + CASES + " cases, seed " + SEED + "; exit 0/1 by mutation: "
                + kinds.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()[0] + "/" + e.getValue()[1]).toList());
        assertTrue(kinds.values().stream().mapToInt(c -> c[1]).sum() > CASES / 2, "most mutants are rejected, not waved through: " + kinds.keySet());
    }

    private static Cli.Run plan() throws Exception {
        return within10s("baseline", new String[] {"plan", "--config", config.toString(), "--no-color"});
    }

    private static Cli.Run within10s(String label, String[] args) throws Exception {
        Future<Cli.Run> run = runner.submit(() -> Cli.run(args));
        try {
            return run.get(10, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            run.cancel(true);
            fail(label + ": still running after 10 s");
            throw e;
        }
    }

    /** Every path outside the config directory with its size: what a side effect would change. */
    private static Map<String, Long> snapshot() throws IOException {
        var out = new TreeMap<String, Long>();
        try (Stream<Path> walk = Files.walk(sandbox)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (p.startsWith(config)) continue;
                out.put(sandbox.relativize(p).toString(), Files.isRegularFile(p) ? Files.size(p) : -1L);
            }
        }
        return out;
    }

    private static String head(String text) {
        return text.length() > 3000 ? text.substring(0, 3000) + "..." : text;
    }

}
