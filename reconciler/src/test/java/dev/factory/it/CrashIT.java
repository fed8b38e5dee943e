package dev.factory.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.factory.runtime.Failpoints;
import dev.factory.testing.Await;
import dev.factory.testing.Jar;
import dev.factory.testing.Cli;
import dev.factory.testing.DockerCli;
import dev.factory.testing.GitCli;
import dev.factory.testing.RequiresDocker;
import dev.factory.testing.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault injection: the real factory jar applies in a child process and is killed with SIGKILL
 * once the journal shows a change of the run's target kind started (image build, container
 * replace, file render, repo clone, prune delete, in turn), after a random delay from a seed.
 * A file render takes a millisecond or two, which a random delay rarely hits: every other run
 * aimed at files instead stops the apply at the failpoint between a temp file's sync and its
 * rename ({@link Failpoints#BEFORE_RENAME}) and kills it there, so some kill surely lands inside one.
 * Every run has work of every kind: an image rebuilt, containers replaced, files rendered and
 * deleted, a repo cloned, old files pruned. After each kill:
 * <ul>
 * <li>the journal shows what was in flight (a start with no end);</li>
 * <li>every rendered file holds a whole version, never part of one, and no temp file is left
 *     beside it once the next apply has run;</li>
 * <li>the next apply converges and the plan after it is all no-op;</li>
 * <li>every container and image carrying this run's owner label is declared: nothing is
 *     orphaned, and nothing undeclared survives the converging apply.</li>
 * </ul>
 */
@RequiresDocker
class CrashIT {
    static final int RUNS = 20;
    static final List<String> KILL_IN = List.of("image/", "container/", "file/", "repo/", "prune-file/");
    static final long SEED = Long.getLong("crash.seed", 7L);

    @TempDir
    Path tmp;

    private String p;
    private Path config;
    private final Cli.Session factory = Cli.on(() -> config);
    private Path state;
    private Path rendered;
    private Path junk;
    private final Set<String> everRendered = new HashSet<>();

    @BeforeEach
    void setUp() throws IOException {
        p = TestImages.uniquePrefix();
        config = Files.createDirectories(tmp.resolve("config"));
        state = tmp.resolve("state");
        rendered = Files.createDirectories(tmp.resolve("rendered"));
        junk = Files.createDirectories(tmp.resolve("home/junk"));
        TestImages.busyboxContext(config.resolve("box"), "box.txt", "box\n");
        GitCli.bareWithCommit(tmp, "one", "README.md", "one\n");
        GitCli.bareWithCommit(tmp, "two", "README.md", "two\n");
    }

    @AfterEach
    void tearDown() {
        DockerCli.removeEverythingOwned(p);
    }

    /** Run {@code run}'s desired state: every run differs from the one before in every kind. */
    private void writeConfig(int run) throws IOException {
        boolean odd = run % 2 == 1;
        TestImages.fileContext(config.resolve("app"), "app.txt", "app version " + run + "\n");
        var y = new StringBuilder("host:\n  name: " + p + "\n  stateDir: " + state + "\n  home: " + tmp.resolve("home") + "\n"
                + "  disk: {path: " + tmp + ", alertAtPercent: 100}\n"
                + "images:\n  " + p + "-box:\n    context: box\n    from: scratch\n"
                + "  " + p + "-app:\n    context: app\n    from: " + p + "-box\n"
                + "profiles:\n  worker:\n    image: " + p + "-app\n    network: none\n"
                + "services:\n");
        for (String s : odd ? List.of("a", "b", "c") : List.of("a", "b")) {
            y.append("  ").append(p).append("-").append(s).append(":\n    profile: worker\n    command: [/bin/busybox, sh, -c, \"trap 'exit 0' TERM; while true; do /bin/busybox sleep 0.2; done\"]\n");
        }
        y.append("files:\n");
        for (int f = 0; f < (odd ? 4 : 3); f++) {
            String content = "file " + f + " of run " + run + "\n" + "x".repeat(20_000 * (f + 1)) + "\nend\n";
            everRendered.add(content);
            y.append("  f").append(f).append(": {path: ").append(rendered.resolve("f" + f + ".txt"))
                    .append(", content: \"").append(content.replace("\n", "\\n")).append("\"}\n");
        }
        y.append("repos:\n  one:\n    url: ").append(tmp.resolve("one.git").toUri()).append("\n    path: ").append(tmp.resolve("clones/one")).append("\n");
        y.append("  two:\n    url: ").append(tmp.resolve("two.git").toUri()).append("\n    path: ").append(tmp.resolve("clones/two-" + run)).append("\n");
        y.append("prune:\n  maxDeletions: 100\n  files:\n    - {glob: \"~/junk/*.log\", olderThan: 1d}\n");
        Files.writeString(config.resolve("factory.yaml"), y.toString());
        for (int j = 0; j < 5; j++) {   // fresh leftovers for the prune rule to delete
            Path old = Files.writeString(junk.resolve("run" + run + "-" + j + ".log"), "old log\n");
            Files.setLastModifiedTime(old, FileTime.from(Instant.now().minusSeconds(3 * 86_400)));
        }
        // and, as on a real host, recent logs the rule examines and keeps: a janitor never takes
        // all it sees, or the mass-delete guard (prune deletes count against what their rule examined) stops it
        for (int j = 0; j < 6; j++) Files.writeString(junk.resolve("recent-" + j + ".log"), "recent log\n");
    }

    @Test
    void applyKilledAtRandomPointsAlwaysConvergesOnTheNextApply() throws Exception {
        var random = new Random(SEED);
        writeConfig(0);
        var first = factory.run("apply", "--auto-approve");
        assertEquals(0, first.exitCode(), "the first apply\n" + first.all());
        var inFlight = new TreeMap<String, Integer>();
        int killed = 0;
        for (int run = 1; run <= RUNS; run++) {
            writeConfig(run);
            String target = KILL_IN.get((run - 1) % KILL_IN.size());
            int delayMs = random.nextInt(target.equals("image/") ? 1500 : 60);
            boolean atFailpoint = target.equals("file/") && (run - 1) / KILL_IN.size() % 2 == 0;
            long journalBefore = Files.exists(state.resolve("journal.jsonl")) ? Files.size(state.resolve("journal.jsonl")) : 0;
            String label = "run " + run + " (seed " + SEED + ", kill "
                    + (atFailpoint ? "at failpoint " + Failpoints.BEFORE_RENAME : delayMs + " ms after a " + target + " change started") + ")";
            boolean wasKilled;
            if (atFailpoint) {
                Process child = startApply(Map.of("FACTORY_FAILPOINTS", Failpoints.BEFORE_RENAME));
                killAtFailpoint(child);
                assertKilledBetweenSyncAndRename(run, openChanges(journalSince(journalBefore)), label);
                wasKilled = true;
            } else {
                wasKilled = killWhen(startApply(Map.of()), journalBefore, target, delayMs);
            }
            if (wasKilled) {
                killed++;
                String tail = journalSince(journalBefore);
                var open = openChanges(tail);
                open.forEach(a -> inFlight.merge(a.replaceAll("/.*", ""), 1, Integer::sum));
                assertTrue(tail.contains("\"run-start\"") || tail.isEmpty(), label + ": journal\n" + tail);
            }
            assertWholeFilesOnly(label);

            var converge = factory.run("apply", "--auto-approve");
            assertEquals(0, converge.exitCode(), label + ": the next apply converges\n" + converge.all());
            var plan = factory.run("plan", "--detailed-exitcode");
            assertEquals(0, plan.exitCode(), label + ": the plan after it is all no-op\n" + plan.all());
            assertNoTempFiles(label);
            assertNothingOrphaned(run, label);
        }
        System.out.println("crash: " + RUNS + " runs, " + killed + " killed mid-apply; changes in flight when killed, by kind: " + inFlight);
        assertTrue(killed >= RUNS / 2, "most runs were really killed mid-apply, not after it finished: " + killed);
        assertTrue(inFlight.keySet().containsAll(List.of("image", "container", "file", "repo")),
                "kills landed in image builds, container replaces, file renders and repo clones: " + inFlight);
    }

    private Process startApply(Map<String, String> env) throws IOException {
        return Jar.start(tmp.resolve("child.log"), env, "apply", "--config", config.toString(), "--auto-approve", "--parallelism", "2");
    }

    /** SIGKILL once the child says it stopped at its failpoint; it must get there. */
    private void killAtFailpoint(Process child) throws Exception {
        Path log = tmp.resolve("child.log");
        String paused = "failpoint " + Failpoints.BEFORE_RENAME + ": paused";
        try {
            Await.until("the apply to reach its failpoint", java.time.Duration.ofSeconds(120),
                    () -> !child.isAlive() || read(log).contains(paused));
        } finally {
            child.destroyForcibly();   // SIGKILL
        }
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        assertTrue(read(log).contains(paused), "the apply ended without reaching its failpoint:\n" + read(log));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Killed between a file's sync and its rename: a file change is open in the journal, its temp
     * sibling holds this run's whole content, and the target still holds an earlier whole version.
     */
    private void assertKilledBetweenSyncAndRename(int run, List<String> open, String label) throws IOException {
        assertTrue(open.stream().anyMatch(a -> a.startsWith("file/")), label + ": a file change is open in the journal: " + open);
        List<Path> temps;
        try (Stream<Path> files = Files.list(rendered)) {
            temps = files.filter(f -> f.getFileName().toString().contains(".tmp-")).toList();
        }
        assertTrue(!temps.isEmpty(), label + ": the temp file is left beside its target");
        for (Path temp : temps) {
            String content = Files.readString(temp);
            assertTrue(content.contains(" of run " + run + "\n") && content.endsWith("\nend\n"), label + ": " + temp + " holds this run's whole file");
            String name = temp.getFileName().toString().replaceFirst("^\\.", "").replaceFirst("\\.tmp-.*$", "");
            Path target = rendered.resolve(name);
            if (Files.exists(target)) {
                assertTrue(!Files.readString(target).contains(" of run " + run + "\n"), label + ": " + target + " is not yet this run's");
            }
        }
    }

    /** SIGKILL {@code delayMs} after the journal shows a change of {@code kind} started in this run; false if it finished first. */
    private boolean killWhen(Process child, long journalBefore, String kind, int delayMs) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && child.isAlive()) {
            boolean started = journalSince(journalBefore).lines()
                    .anyMatch(l -> l.contains("\"phase\":\"start\"") && l.contains("\"address\":\"" + kind));
            if (started) {
                Thread.sleep(delayMs);
                if (!child.isAlive()) return false;
                child.destroyForcibly();   // SIGKILL
                assertTrue(child.waitFor(30, TimeUnit.SECONDS));
                return true;
            }
            Thread.sleep(5);
        }
        if (child.isAlive()) throw new AssertionError("the apply hung:\n" + Files.readString(tmp.resolve("child.log")));
        return false;
    }

    private String journalSince(long offset) throws IOException {
        Path journal = state.resolve("journal.jsonl");
        if (!Files.exists(journal)) return "";
        byte[] all = Files.readAllBytes(journal);
        return offset >= all.length ? "" : new String(all, (int) offset, all.length - (int) offset, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Addresses the journal shows started and never ended. */
    private static List<String> openChanges(String journal) throws IOException {
        var json = new ObjectMapper();
        var open = new ArrayList<String>();
        for (String line : journal.lines().toList()) {
            if (line.isBlank()) continue;
            var node = json.readTree(line);
            String address = node.path("address").asText("");
            switch (node.path("phase").asText("")) {
                case "start" -> open.add(address);
                case "end" -> open.remove(address);
                default -> { }
            }
        }
        return open;
    }

    /** A rendered file is absent or one whole declared version; never a torn write. */
    private void assertWholeFilesOnly(String label) throws IOException {
        try (Stream<Path> files = Files.list(rendered)) {
            for (Path f : files.toList()) {
                if (f.getFileName().toString().contains(".tmp-")) continue;   // a temp sibling is not at the target path
                assertTrue(everRendered.contains(Files.readString(f)), label + ": " + f + " holds a partial write");
            }
        }
    }

    private void assertNoTempFiles(String label) throws IOException {
        try (Stream<Path> files = Files.list(rendered)) {
            var temps = files.filter(f -> f.getFileName().toString().contains(".tmp-")).toList();
            assertTrue(temps.isEmpty(), label + ": temp files left beside targets: " + temps);
        }
        try (Stream<Path> clones = Files.list(tmp.resolve("clones"))) {
            var partial = clones.filter(f -> f.getFileName().toString().endsWith(".factory-clone")).toList();
            assertTrue(partial.isEmpty(), label + ": a partial clone was left: " + partial);
        }
    }

    /** Every object with this owner label is declared by the run's config; nothing else with our label survives. */
    private void assertNothingOrphaned(int run, String label) {
        Set<String> services = new HashSet<>(run % 2 == 1 ? List.of("a", "b", "c") : List.of("a", "b"));
        for (String line : DockerCli.ok("ps", "-a", "--filter", "label=dev.factory.owner=" + p,
                "--format", "{{.Label \"dev.factory.address\"}} {{.State}}").lines().toList()) {
            String address = line.split(" ")[0];
            String service = address.replaceFirst("^container/" + p + "-", "").replaceFirst("-\\d+$", "");
            assertTrue(address.startsWith("container/" + p + "-") && services.contains(service),
                    label + ": a container factory owns but does not declare: " + line);
            assertTrue(line.endsWith("running"), label + ": " + line);
        }
        for (String line : DockerCli.ok("images", "--filter", "label=dev.factory.owner=" + p, "--format", "{{.Repository}}").lines().toList()) {
            assertTrue(line.equals(p + "-box") || line.equals(p + "-app") || line.equals("<none>"), label + ": an undeclared owned image: " + line);
        }
    }

}
