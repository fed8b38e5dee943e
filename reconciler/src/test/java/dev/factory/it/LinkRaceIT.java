package dev.factory.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.fs.OpenDir;
import dev.factory.fs.TrustedPath;
import dev.factory.testing.Cli;
import dev.factory.testing.FileTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A directory an agent writes, swapped for a link to something precious: between plan and apply
 * (through the CLI, at its confirmation prompt) and during the work itself (hundreds of seeded
 * races). factory must never read, write, chmod or delete anything through the link.
 */
class LinkRaceIT {
    private static final long SEED = Long.getLong("race.seed", 20261126L);
    private static final int TRIES = Integer.getInteger("race.tries", 300);
    private static final String CANARY = "canary-precious-7f3a91-never-shown";

    @TempDir
    Path tmp;

    private Path config;
    private Path ws;
    private Path precious;
    private String preciousBefore;

    @BeforeEach
    void setUp() throws IOException {
        config = Files.createDirectories(tmp.resolve("config"));
        ws = Files.createDirectories(tmp.resolve("home/agent-workspaces"));
        precious = Files.createDirectories(tmp.resolve("precious"));
        for (String name : List.of("codex-old.log", "config.toml", ".mcp.json", "keep.txt")) {
            Path f = precious.resolve(name);
            Files.writeString(f, CANARY + " " + name + "\n");
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        }
        Files.createDirectories(precious.resolve("sub/deeper"));
        Files.writeString(precious.resolve("sub/deeper/data.db"), CANARY);
        preciousBefore = FileTrees.fingerprint(precious);
    }

    private void writeConfig(String rest) throws IOException {
        Files.writeString(config.resolve("factory.yaml"), "host:\n  name: race-it\n  stateDir: ../state\n  home: " + tmp.resolve("home") + "\n"
                + "  disk: {path: " + tmp + ", alertAtPercent: 100}\n" + rest);
    }

    /** apply, answering its confirmation after {@code between} ran: the plan was shown, nothing applied yet. */
    private Cli.Run applyWith(IoAction between) {
        return Cli.run(question -> {
            try {
                between.run();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return Optional.of("yes");
        }, Cli.withConfig(config, "apply"));
    }

    @FunctionalInterface
    interface IoAction {
        void run() throws IOException;
    }

    private static void old(Path f) throws IOException {
        Files.setLastModifiedTime(f, FileTime.from(Instant.now().minus(Duration.ofDays(5))));
    }

    /** Renames {@code dir} aside and puts a link to {@code target} in its place. */
    private static void swapForLink(Path dir, Path target) throws IOException {
        Files.move(dir, dir.resolveSibling(dir.getFileName() + ".moved"), StandardCopyOption.ATOMIC_MOVE);
        Files.createSymbolicLink(dir, target);
    }

    @Test
    void aLogFoldersParentSwappedForALinkBetweenPlanAndApplyIsLeftAloneAndReported() throws Exception {
        Path lane = Files.createDirectories(ws.resolve("lane-a"));
        Files.writeString(lane.resolve("codex-old.log"), CANARY + " codex-old.log\n");   // the same size as the precious one
        old(lane.resolve("codex-old.log"));
        Files.setLastModifiedTime(precious.resolve("codex-old.log"), Files.getLastModifiedTime(lane.resolve("codex-old.log")));
        preciousBefore = FileTrees.fingerprint(precious);
        writeConfig("prune:\n  files:\n    - {glob: \"~/agent-workspaces/*/codex-*.log\", olderThan: 1d}\n");

        var apply = applyWith(() -> swapForLink(lane, precious));

        assertEquals(preciousBefore, FileTrees.fingerprint(precious), "nothing outside the rule's root changed:\n" + apply.all());
        assertEquals(1, apply.exitCode(), "the apply does not report success:\n" + apply.all());
        assertTrue(apply.all().contains("symbolic link") && apply.all().contains("left alone"), apply.all());
        assertTrue(Files.exists(ws.resolve("lane-a.moved/codex-old.log")), "the planned file is where the agent moved it");
    }

    @Test
    void aRenderedFilesParentSwappedForALinkKeepsThePreciousFileAndItsMode() throws Exception {
        writeConfig("files:\n  codex: {path: ~/.codex/config.toml, content: \"model = 'a'\\n\"}\n");
        assertEquals(0, Cli.run(Cli.withConfig(config, "apply", "--auto-approve")).exitCode());
        writeConfig("files:\n  codex: {path: ~/.codex/config.toml, content: \"model = 'b'\\n\"}\n");

        var apply = applyWith(() -> swapForLink(tmp.resolve("home/.codex"), precious));

        assertEquals(preciousBefore, FileTrees.fingerprint(precious), "the 0600 file behind the link keeps its bytes and mode:\n" + apply.all());
        assertEquals(1, apply.exitCode(), apply.all());
        assertTrue(apply.all().contains("symbolic link"), apply.all());
        var plan = Cli.run(Cli.withConfig(config, "plan"));
        assertTrue(plan.out().contains("? file/codex") && plan.all().contains("symbolic link"), "unknown, never planned through the link:\n" + plan.all());
        assertFalse(plan.all().contains(CANARY), plan.all());
    }

    @Test
    void aLinkAtARenderedPathIsNeverReadThroughOrWrittenThrough() throws Exception {
        Path claude = Files.createDirectories(tmp.resolve("home/.claude"));
        Files.createSymbolicLink(claude.resolve(".mcp.json"), precious.resolve(".mcp.json"));
        writeConfig("files:\n  mcp: {path: ~/.claude/.mcp.json, content: \"{}\\n\"}\n");

        for (String format : List.of("text", "json", "markdown")) {
            var plan = Cli.run(Cli.withConfig(config, "plan", "--format", format));
            assertFalse(plan.all().contains(CANARY), "the link's target is never shown (" + format + "):\n" + plan.all());
            assertEquals(1, plan.exitCode(), "a link at a rendered path is an error to fix:\n" + plan.all());
        }
        var apply = Cli.run(Cli.withConfig(config, "apply", "--auto-approve"));
        assertEquals(1, apply.exitCode(), apply.all());
        assertFalse(apply.all().contains(CANARY), apply.all());
        assertTrue(Files.isSymbolicLink(claude.resolve(".mcp.json")), "the link is left as it is");
        assertEquals(preciousBefore, FileTrees.fingerprint(precious));
    }

    @Test
    void aRuleRootThatIsALinkIsNotScanned() throws Exception {
        FileTrees.delete(ws);
        Files.createSymbolicLink(ws, precious);
        old(precious.resolve("codex-old.log"));
        preciousBefore = FileTrees.fingerprint(precious);
        writeConfig("prune:\n  files:\n    - {glob: \"~/agent-workspaces/codex-*.log\", olderThan: 1d}\n");

        var apply = Cli.run(Cli.withConfig(config, "apply", "--auto-approve"));

        assertEquals(preciousBefore, FileTrees.fingerprint(precious), apply.all());
        assertTrue(apply.all().contains("symbolic link"), "reported:\n" + apply.all());
    }

    /** A tree of directories and files the race deletes, each try anew. */
    private static void victim(Path root) throws IOException {
        for (int d = 0; d < 4; d++) {
            Path dir = Files.createDirectories(root.resolve("d" + d).resolve("inner"));
            for (int f = 0; f < 4; f++) {
                Files.writeString(dir.getParent().resolve("f" + f), "x");
                Files.writeString(dir.resolve("g" + f), "y");
            }
        }
    }

    /**
     * Swaps random directories of the victim (or the victim itself) for links to the precious tree
     * and back, as fast as it can, until stopped. Counts the swaps that landed.
     */
    private Thread swapper(Path victim, Random random, AtomicBoolean stop, AtomicInteger swaps) {
        var names = List.of(".", "d0", "d1", "d2", "d3", "d0/inner", "d3/inner");
        var t = new Thread(() -> {
            while (!stop.get()) {
                String name = names.get(random.nextInt(names.size()));
                Path dir = name.equals(".") ? victim : victim.resolve(name);
                Path aside = dir.resolveSibling(dir.getFileName() + ".aside");
                try {
                    Files.move(dir, aside, StandardCopyOption.ATOMIC_MOVE);
                    Files.createSymbolicLink(dir, precious);
                    swaps.incrementAndGet();
                    Thread.onSpinWait();
                    Files.delete(dir);
                    Files.move(aside, dir, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException | RuntimeException e) {
                    // the delete got there first: try another
                }
            }
        }, "swapper");
        t.setDaemon(true);
        return t;
    }

    @Test
    void recursiveDeletesRacedByLinkSwapsNeverLeaveTheirTree() throws Exception {
        var random = new Random(SEED);
        var swaps = new AtomicInteger();
        int refused = 0;
        Path area = Files.createDirectories(tmp.resolve("race"));
        for (int i = 0; i < TRIES; i++) {
            Path victim = area.resolve("old-lane");
            victim(victim);
            var stop = new AtomicBoolean();
            Thread t = swapper(victim, new Random(random.nextLong()), stop, swaps);
            t.start();
            try {
                TrustedPath.removeTree(victim);
            } catch (IOException e) {
                refused++;
            } finally {
                stop.set(true);
                t.join();
            }
            assertEquals(preciousBefore, FileTrees.fingerprint(precious), "try " + i + " (seed " + SEED + ") reached the precious tree");
            FileTrees.delete(area);
            Files.createDirectories(area);
        }
        System.out.println("race: " + TRIES + " recursive deletes, " + swaps.get() + " link swaps landed, " + refused + " deletes refused a link; precious tree untouched");
        assertTrue(swaps.get() > TRIES, "the swaps really raced the deletes: " + swaps.get());
    }

    @Test
    void renderedWritesRacedByParentSwapsNeverWriteThroughALink() throws Exception {
        var random = new Random(SEED + 1);
        var swaps = new AtomicInteger();
        Path home = Files.createDirectories(tmp.resolve("race-home"));
        for (int i = 0; i < TRIES; i++) {
            Path codex = Files.createDirectories(home.resolve(".codex"));
            var stop = new AtomicBoolean();
            Thread t = new Thread(() -> {
                var r = new Random(random.nextLong());
                while (!stop.get()) {
                    try {
                        Files.move(codex, home.resolve(".codex.aside"), StandardCopyOption.ATOMIC_MOVE);
                        Files.createSymbolicLink(codex, precious);
                        swaps.incrementAndGet();
                        if (r.nextBoolean()) Thread.onSpinWait();
                        Files.delete(codex);
                        Files.move(home.resolve(".codex.aside"), codex, StandardCopyOption.ATOMIC_MOVE);
                    } catch (IOException | RuntimeException e) {
                        // lost a step to the writer: go again
                    }
                }
            }, "swapper");
            t.setDaemon(true);
            t.start();
            try (var entry = TrustedPath.entry(codex.resolve("config.toml"), true)) {
                entry.dir().replace(entry.name(), ("model = '" + i + "'\n").getBytes(StandardCharsets.UTF_8), PosixFilePermissions.fromString("rw-r--r--"));
            } catch (IOException e) {
                // refused a link on the way: the right outcome under a swap
            } finally {
                stop.set(true);
                t.join();
            }
            assertEquals(preciousBefore, FileTrees.fingerprint(precious), "try " + i + " (seed " + SEED + ") wrote through a link");
            FileTrees.delete(home);
            Files.createDirectories(home);
        }
        System.out.println("race: " + TRIES + " rendered writes, " + swaps.get() + " parent swaps landed; precious tree untouched");
        assertTrue(swaps.get() > TRIES, "the swaps really raced the writes: " + swaps.get());
    }

    @Test
    void theRaceCanBeLostByAPathBasedDelete() throws Exception {
        // the same swap against a delete that walks by path (what factory did before) reaches the precious tree:
        // this is what the tests above would catch
        Path victim = tmp.resolve("naive/old-lane");
        Path sub = Files.createDirectories(victim.resolve("d0"));
        Files.writeString(sub.resolve("keep.txt"), "x");
        var walk = Files.walk(victim).sorted(java.util.Comparator.reverseOrder()).toList();   // planned by path
        swapForLink(sub, precious);                                                            // swapped after the walk
        for (Path p : walk) {
            try {
                Files.delete(p);
            } catch (IOException e) {
                // a path-based delete goes on
            }
        }
        assertNotEquals(preciousBefore, FileTrees.fingerprint(precious), "a path-based walk deleted through the link");
    }
}
