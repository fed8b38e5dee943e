package dev.factory.it;

import static dev.factory.testing.GitCli.commit;
import static dev.factory.testing.GitCli.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.factory.kinds.image.BuildInputs;
import dev.factory.testing.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Prune rules against real git worktrees and real files: exactly the eligible go, everything else stays byte for byte. */
class PruneIT {
    @TempDir
    Path tmp;

    private Path config;
    private final Cli.Session factory = Cli.on(() -> config);
    private Path repo;

    @BeforeEach
    void setUp() throws IOException {
        config = Files.createDirectories(tmp.resolve("config"));
        var bare = dev.factory.testing.GitCli.bareWithCommit(tmp, "aina-platform", "README.md", "platform\n");
        repo = tmp.resolve("srv/aina-platform");
        git(tmp, "clone", bare.toString(), repo.toString());
    }

    private void writeConfig(String prune) throws IOException {
        Files.writeString(config.resolve("factory.yaml"), "host:\n  name: prune-it\n  stateDir: ../state\n  home: " + tmp + "\n"
                + "  disk: {path: " + tmp + ", alertAtPercent: 100}\n"
                + "repos:\n  aina-platform:\n    url: " + tmp.resolve("aina-platform.git").toUri() + "\n    path: " + repo + "\n"
                + "prune:\n" + prune);
    }


    @Test
    void exactlyTheMergedCleanUnlockedWorktreesAreRemoved() throws Exception {
        Path ws = Files.createDirectories(tmp.resolve("agent-workspaces"));
        var keep = new ArrayList<Path>();
        var go = new ArrayList<Path>();
        for (int i = 0; i < 30; i++) {
            Path wt = ws.resolve("lane-" + i);
            git(repo, "worktree", "add", "-b", "codex/f" + i, wt.toString(), "origin/main");
            Files.writeString(wt.resolve("node_modules.txt"), "x".repeat(1000));
            git(wt, "add", "-A");
            git(wt, "commit", "-m", "work " + i);
            if (i < 10) {
                git(wt, "push", "origin", "HEAD:refs/heads/codex/f" + i);   // the work reached the remote (a PR)...
                git(wt, "reset", "--hard", "origin/main");   // ...so back on main, merged and clean, nothing is lost
                go.add(wt);
            } else if (i < 20) {
                Files.writeString(wt.resolve(i % 2 == 0 ? "README.md" : "scratch.txt"), "dirty\n");   // changed or untracked
                git(wt, "reset", "--soft", "origin/main");
                keep.add(wt);
            } else if (i < 25) {
                git(wt, "reset", "--hard", "origin/main");
                git(repo, "worktree", "lock", wt.toString());   // merged and clean, but locked
                keep.add(wt);
            } else {
                keep.add(wt);   // one commit not on origin/main: unmerged
            }
        }
        writeConfig("  worktrees: [{repo: aina-platform}]\n");
        var before = new TreeMap<Path, String>();
        for (Path wt : keep) before.put(wt, fingerprint(wt));

        var plan = factory.run("plan");
        assertEquals(10, plan.out().lines().filter(l -> l.contains("- worktree/aina-platform/lane-")).count(), plan.out());
        assertTrue(plan.out().contains("note: repo/aina-platform: kept 10 dirty") && plan.out().contains("5 locked") && plan.out().contains("5 unmerged"), plan.out());
        var apply = factory.run("apply", "--auto-approve");
        assertEquals(0, apply.exitCode(), apply.all());

        for (Path wt : go) assertFalse(Files.exists(wt), wt + " should be gone");
        for (Path wt : keep) assertEquals(before.get(wt), fingerprint(wt), wt + " was touched");
        assertEquals(0, factory.run("plan", "--detailed-exitcode").exitCode(), "prune converges: nothing left to remove");

        Path lost = keep.get(15);   // lane-25, an unmerged one: its directory vanishes by hand
        deleteTree(lost);
        var gone = factory.run("plan");
        assertTrue(gone.out().contains("is gone: prune git's record of it"), gone.out());
        assertEquals(0, factory.run("apply", "--auto-approve").exitCode());
        assertFalse(git(repo, "worktree", "list").contains(lost.toString()), "git's bookkeeping is pruned");
    }

    @Test
    void logsGoByAgeAndSizeWithinTheirRootAndTheFreedBytesAreReportedTruthfully() throws Exception {
        Path logs = Files.createDirectories(tmp.resolve("agent-workspaces/lane-a"));
        Path outside = Files.createDirectories(tmp.resolve("precious"));
        Files.write(outside.resolve("codex-keep.log"), new byte[25 << 20]);
        Files.createSymbolicLink(logs.resolve("codex-link.log"), outside.resolve("codex-keep.log"));
        Files.createSymbolicLink(logs.resolve("elsewhere"), outside);
        Instant now = Instant.now();
        long expected = 0;
        expected += log(logs, "codex-big-old.log", 30 << 20, now.minus(Duration.ofDays(3)));      // goes
        expected += log(logs, "codex-bigger-old.log", 40 << 20, now.minus(Duration.ofDays(5)));   // goes
        log(logs, "codex-small-old.log", 1 << 20, now.minus(Duration.ofDays(9)));                  // too small: stays
        log(logs, "codex-big-new.log", 30 << 20, now.minus(Duration.ofHours(5)));                  // too new: stays
        expected += log(logs, "coobuild-1.log", 2 << 20, now.minus(Duration.ofDays(4)));           // goes
        log(logs, "coobuild-2.log", 2 << 20, now.minus(Duration.ofDays(4)).plusSeconds(60));       // newest kept by keepNewest
        writeConfig("  files:\n"
                + "    - {glob: \"~/agent-workspaces/**/codex-*.log\", olderThan: 2d, largerThan: 20MB}\n"
                + "    - {glob: \"~/agent-workspaces/**/coobuild-*.log\", olderThan: 3d, keepNewest: 1}\n");
        long sizeBefore = treeBytes(tmp.resolve("agent-workspaces"));

        var plan = factory.run("plan", "--json");
        long reported = 0;
        for (var c : new ObjectMapper().readTree(plan.out()).path("changes")) {
            if (c.path("action").asText().equals("delete")) reported += c.at("/after/frees").asLong();
        }
        assertEquals(0, factory.run("apply", "--auto-approve").exitCode());
        long freed = sizeBefore - treeBytes(tmp.resolve("agent-workspaces"));

        assertEquals(expected, freed, "exactly the three eligible files were removed");
        assertTrue(Math.abs(reported - freed) <= freed * 0.05, "reported " + reported + " vs freed " + freed);
        for (String stays : List.of("codex-small-old.log", "codex-big-new.log", "coobuild-2.log")) assertTrue(Files.exists(logs.resolve(stays)), stays);
        assertTrue(Files.isSymbolicLink(logs.resolve("codex-link.log")), "a link is never a candidate");
        assertEquals(25 << 20, Files.size(outside.resolve("codex-keep.log")), "nothing outside the root is touched");
    }

    @Test
    void wildcardsSkipDotfilesAndADirectoryCountsEveryFileInIt() throws Exception {
        Path ws = Files.createDirectories(tmp.resolve("agent-workspaces"));
        Path lane = Files.createDirectories(ws.resolve("lane-old/logs"));
        for (int i = 0; i < 3; i++) log(lane, "run-" + i + ".log", 1000, Instant.now().minus(Duration.ofDays(9)));
        Files.setLastModifiedTime(lane, FileTime.from(Instant.now().minus(Duration.ofDays(9))));
        Files.setLastModifiedTime(lane.getParent(), FileTime.from(Instant.now().minus(Duration.ofDays(9))));
        Path young = Files.createDirectories(ws.resolve("lane-new"));
        for (int i = 0; i < 5; i++) log(young, "run-" + i + ".log", 1000, Instant.now());
        log(ws, ".env", 10, Instant.now().minus(Duration.ofDays(9)));
        Path cache = Files.createDirectories(ws.resolve(".cache"));
        log(cache, "blob", 10, Instant.now().minus(Duration.ofDays(9)));
        Files.setLastModifiedTime(cache, FileTime.from(Instant.now().minus(Duration.ofDays(9))));
        writeConfig("  files:\n    - {glob: \"~/agent-workspaces/*\", olderThan: 1d}\n");

        var plan = factory.run("plan");
        assertTrue(plan.out().contains("- prune-file/" + ws.resolve("lane-old")) && plan.out().contains("(frees 2.9 KB, 3 files)"), plan.out());
        assertFalse(plan.out().contains(".env") || plan.out().contains(".cache"), "* does not match dotfiles, as in a shell:\n" + plan.out());
        assertEquals(0, factory.run("apply", "--auto-approve").exitCode());
        assertFalse(Files.exists(ws.resolve("lane-old")));
        assertTrue(Files.exists(ws.resolve(".env")) && Files.exists(cache.resolve("blob")) && Files.exists(young));

        writeConfig("  files:\n    - {glob: \"~/agent-workspaces/*\", olderThan: 1d, dotfiles: true}\n");
        var withDots = factory.run("apply", "--auto-approve");
        assertEquals(0, withDots.exitCode(), withDots.all());
        assertFalse(Files.exists(ws.resolve(".env")) || Files.exists(cache), "dotfiles: true takes them too");
    }

    @Test
    void aDirectoryOfManyFilesTripsMaxDeletions() throws Exception {
        Path old = Files.createDirectories(tmp.resolve("agent-workspaces/lane-huge"));
        for (int i = 0; i < 60; i++) log(old, "f" + i, 10, Instant.now().minus(Duration.ofDays(9)));
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofDays(9))));
        writeConfig("  files:\n    - {glob: \"~/agent-workspaces/lane-*\", olderThan: 1d}\n");

        var plan = factory.run("plan");
        assertTrue(plan.out().contains("mass delete: 60 deletes (limit prune.maxDeletions 50)"), "one directory is 60 deletes, not one:\n" + plan.out());
        assertEquals(1, factory.run("apply", "--auto-approve").exitCode());
        assertEquals(60, Files.list(old).count(), "nothing was deleted");
    }

    @Test
    void theMassDeleteGuardTrips() throws Exception {
        Path logs = Files.createDirectories(tmp.resolve("agent-workspaces"));
        for (int i = 0; i < 6; i++) log(logs, "codex-" + i + ".log", 1024, Instant.now().minus(Duration.ofDays(9)));
        writeConfig("  maxDeletions: 5\n  files:\n    - {glob: \"~/agent-workspaces/codex-*.log\", olderThan: 1d}\n");

        var plan = factory.run("plan");
        assertTrue(plan.out().contains("mass delete: 6 deletes (limit prune.maxDeletions 5)"), plan.out());
        var refused = factory.run("apply", "--auto-approve");
        assertEquals(1, refused.exitCode(), refused.all());
        assertTrue(refused.err().contains("refusing a mass delete") && refused.err().contains("--allow-mass-delete"), refused.err());
        assertEquals(6, Files.list(logs).count(), "nothing was deleted");

        assertEquals(0, factory.run("apply", "--auto-approve", "--allow-mass-delete").exitCode());
        assertEquals(0, Files.list(logs).count());
    }

    private static long log(Path dir, String name, int bytes, Instant mtime) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, new byte[bytes]);
        Files.setLastModifiedTime(f, FileTime.from(mtime));
        return bytes;
    }

    private static long treeBytes(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static String fingerprint(Path dir) throws IOException {
        var digests = new TreeMap<String, String>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path f : walk.filter(Files::isRegularFile).toList()) digests.put(dir.relativize(f).toString(), dev.factory.runtime.Sha256.hex(Files.readAllBytes(f)));
        }
        return digests.toString();
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
