package dev.factory.it;

import static dev.factory.testing.GitCli.commit;
import static dev.factory.testing.GitCli.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.factory.testing.Cli;
import dev.factory.testing.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an agent can plant in the directories it writes (worktrees, the host clone through a lane's
 * read-write mount, log folders), tried against plan and apply: each case is an attack that
 * worked before, and each first shows that git itself would have fallen for it.
 */
class HostileWorkspaceIT {
    @TempDir
    Path tmp;

    private Path config;
    private final Cli.Session factory = Cli.on(() -> config);
    private Path repo;
    private Path origin;
    private Path seed;
    private Path ws;
    private Path marker;
    private Path script;
    private Path monitor;

    @BeforeEach
    void setUp() throws IOException {
        config = Files.createDirectories(tmp.resolve("config"));
        origin = dev.factory.testing.GitCli.bareWithCommit(tmp, "aina-platform", ".gitignore", "node_modules/\ndist/\n.env\n");
        seed = tmp.resolve("aina-platform-seed");
        commit(seed, "README.md", "platform\n", "readme");
        git(seed, "push", "origin", "HEAD:main");
        repo = tmp.resolve("srv/aina-platform");
        git(tmp, "clone", origin.toString(), repo.toString());
        ws = Files.createDirectories(tmp.resolve("agent-workspaces"));
        marker = tmp.resolve("MARKER");
        script = tmp.resolve("evil.sh");
        Files.writeString(script, "#!/bin/sh\necho ran >> " + marker + "\ncat\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        monitor = tmp.resolve("fsmonitor.sh");
        Files.writeString(monitor, "#!/bin/sh\necho ran >> " + marker + "\nexit 1\n");
        Files.setPosixFilePermissions(monitor, PosixFilePermissions.fromString("rwxr-xr-x"));
        writeConfig("[{repo: aina-platform}]");
    }

    private void writeConfig(String worktreeRules) throws IOException {
        Files.writeString(config.resolve("factory.yaml"), "host:\n  name: hostile-it\n  stateDir: ../state\n  home: " + tmp + "\n"
                + "  disk: {path: " + tmp + ", alertAtPercent: 100}\n"
                + "repos:\n  aina-platform:\n    url: " + origin.toUri() + "\n    path: " + repo + "\n"
                + "prune:\n  worktrees: " + worktreeRules + "\n"
                + "  files:\n    - {glob: \"~/agent-workspaces/**/codex-*.log\", olderThan: 1d}\n");
    }


    private Path worktree(String name) {
        Path wt = ws.resolve(name);
        git(repo, "worktree", "add", "-b", "codex/" + name, wt.toString(), "origin/main");
        return wt;
    }

    /** A worktree whose work was pushed: merged (HEAD back on main) and nothing lost. */
    private Path mergedWorktree(String name) throws IOException {
        Path wt = worktree(name);
        commit(wt, "feature-" + name + ".txt", name + "\n", "work on " + name);
        git(wt, "push", "origin", "HEAD:refs/heads/codex/" + name);
        git(wt, "reset", "--hard", "origin/main");
        return wt;
    }

    /** Runs git as an operator would, without factory's protections; the exit code and output. */
    private static String[] rawGit(Path dir, String... args) throws IOException, InterruptedException {
        var cmd = new ArrayList<>(List.of("git", "-C", dir.toString()));
        cmd.addAll(List.of(args));
        Path log = Files.createTempFile("raw-git", ".log");
        var pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        String out = Files.readString(log);
        Files.delete(log);
        return new String[] {String.valueOf(p.exitValue()), out};
    }

    private static void touchAll(Path dir, Instant when) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path f : walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && !p.toString().contains("/.git")).toList()) {
                Files.setLastModifiedTime(f, FileTime.from(when));
            }
        }
    }

    @Test
    void programsPlantedInAWorkspaceOrTheCloneNeverRun() throws Exception {
        // a worktree whose .git file points at a git dir the agent wrote: fsmonitor and a clean filter
        Path wt = worktree("lane-evil");
        Path evilSrc = tmp.resolve("evil-src");
        git(tmp, "clone", origin.toString(), evilSrc.toString());
        Path evilGit = evilSrc.resolve(".git");
        git(evilSrc, "config", "core.fsmonitor", monitor.toString());
        git(evilSrc, "config", "filter.evil.clean", script.toString());
        git(evilSrc, "config", "filter.evil.smudge", script.toString());
        Files.writeString(wt.resolve(".gitattributes"), "* filter=evil\n");
        Files.writeString(wt.resolve(".git"), "gitdir: " + evilGit + "\n");
        touchAll(wt, Instant.now().plusSeconds(5));

        // the host clone, through a lane's read-write mount: filters, fsmonitor, hooks, a local upload-pack
        Path hooks = Files.createDirectories(tmp.resolve("hooks"));
        for (String hook : List.of("post-checkout", "post-merge", "reference-transaction", "pre-commit", "post-commit", "pre-push")) {
            Files.copy(script, hooks.resolve(hook));
            Files.setPosixFilePermissions(hooks.resolve(hook), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        git(repo, "config", "core.hooksPath", hooks.toString());
        git(repo, "config", "core.fsmonitor", monitor.toString());
        git(repo, "config", "filter.evil.clean", script.toString());
        git(repo, "config", "filter.evil.smudge", script.toString());
        git(repo, "config", "remote.origin.uploadpack", script.toString());
        git(repo, "config", "remote." + origin.toUri() + ".uploadpack", script.toString());
        // and the remote moved on with a .gitattributes that routes every file through the filter
        commit(seed, ".gitattributes", "* filter=evil\n", "attributes");
        commit(seed, "NEWS.md", "news\n", "news");
        git(seed, "push", "origin", "HEAD:main");
        touchAll(repo, Instant.now().plusSeconds(5));

        // git itself runs what was planted: the attack is real
        var real = rawGit(wt, "-c", "safe.directory=*", "status", "--porcelain");
        assertTrue(Files.exists(marker), "git's own status ran the planted program (exit " + real[0] + "): " + real[1]);
        Files.delete(marker);

        var plan = factory.run("plan");
        var json = factory.run("plan", "--json");
        var apply = factory.run("apply", "--auto-approve");
        var after = factory.run("plan");

        assertFalse(Files.exists(marker), "nothing planted ran:\n" + plan.all() + apply.all() + after.all());
        assertTrue(plan.out().contains("untrusted"), "the redirected worktree is reported, not read:\n" + plan.out());
        assertFalse(plan.out().contains("- worktree/aina-platform/lane-evil"), plan.out());
        assertTrue(apply.all().contains("filter"), "the fast-forward that would need the filter is refused by name:\n" + apply.all());
        assertEquals(0, json.exitCode(), json.all());
    }

    @Test
    void planWritesNothingIntoWorktreesOrTheClone() throws Exception {
        var worktrees = new ArrayList<Path>();
        for (int i = 0; i < 3; i++) worktrees.add(mergedWorktree("lane-" + i));
        Path dirty = worktree("lane-dirty");
        Files.writeString(dirty.resolve("README.md"), "edited\n");
        worktrees.add(dirty);
        writeConfig("[{repo: aina-platform, olderThan: 30d}]");
        assertEquals(0, factory.run("apply", "--auto-approve").exitCode(), "creates the state dir; nothing is due");
        commit(seed, "NEWS.md", "news\n", "news");
        git(seed, "push", "origin", "HEAD:main");
        // stat data no longer matches the indexes: git's status would refresh (rewrite) every index
        for (Path wt : worktrees) touchAll(wt, Instant.now().plusSeconds(7));
        touchAll(repo, Instant.now().plusSeconds(7));
        var before = gitFiles();

        var plan = factory.run("plan", "--refresh");   // fetches now (the apply's fetch is younger than the interval)
        var again = factory.run("plan", "--json");      // reads that fetch again

        assertEquals(0, plan.exitCode(), plan.all());
        assertEquals(0, again.exitCode(), again.all());
        assertTrue(plan.out().contains("fast-forward 1 commit to origin/main"), "the remote was fetched, into the state dir:\n" + plan.out());
        assertEquals(before, gitFiles(), "plan changed no byte and no mtime of the clone's or any worktree's git files");

        // and git's own status would have: this test can fail
        rawGit(worktrees.get(0), "-c", "safe.directory=*", "status", "--porcelain");
        assertNotEquals(before, gitFiles(), "git status refreshes an index whose stat data is stale");
    }

    /** Every file of the clone's .git (worktree indexes and HEADs included): size, mtime, digest. */
    private TreeMap<String, String> gitFiles() throws IOException {
        var out = new TreeMap<String, String>();
        Path gitDir = repo.resolve(".git");
        try (Stream<Path> walk = Files.walk(gitDir)) {
            for (Path f : walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList()) {
                out.put(gitDir.relativize(f).toString(), Files.size(f) + "@" + Files.getLastModifiedTime(f).toMillis() + ":"
                        + dev.factory.runtime.Sha256.hex(Files.readAllBytes(f)));
            }
        }
        return out;
    }

    @Test
    void worktreesAnAgentUidOwnsArePrunedWhenMergedAndCleanAndKeptWhenDirty() throws Exception {
        FileTrees.requireRoot();
        var go = new ArrayList<Path>();
        for (int i = 0; i < 3; i++) go.add(mergedWorktree("lane-" + i));
        var keep = new ArrayList<Path>();
        for (int i = 0; i < 2; i++) {
            Path wt = worktree("lane-dirty-" + i);
            Files.writeString(wt.resolve("scratch-" + i + ".txt"), "work in progress\n");
            keep.add(wt);
        }
        FileTrees.chownTree(repo, 1000, 1000);
        FileTrees.chownTree(ws, 1000, 1000);
        var refused = rawGit(go.get(0), "status", "--porcelain");
        assertTrue(!refused[0].equals("0") && refused[1].contains("dubious ownership"),
                "git as root refuses a worktree uid 1000 owns, which made every one look dirty: " + refused[1]);
        var before = new TreeMap<Path, String>();
        for (Path wt : keep) before.put(wt, FileTrees.fingerprint(wt));

        var plan = factory.run("plan");
        for (int i = 0; i < 3; i++) assertTrue(plan.out().contains("- worktree/aina-platform/lane-" + i + " "), plan.out());
        assertTrue(plan.out().contains("kept 2 dirty"), plan.out());
        var apply = factory.run("apply", "--auto-approve");

        assertEquals(0, apply.exitCode(), apply.all());
        for (Path wt : go) assertFalse(Files.exists(wt, LinkOption.NOFOLLOW_LINKS), wt + " is gone");
        for (Path wt : keep) assertEquals(before.get(wt), FileTrees.fingerprint(wt), wt + " kept byte for byte");
        assertEquals(3, Files.list(repo.resolve(".git/worktrees")).count() + 1, "git's records of the removed ones are gone too");
        var again = factory.run("plan", "--json");
        assertEquals(0, new ObjectMapper().readTree(again.out()).at("/summary/delete").asInt(), "prune converges:\n" + again.out());
    }

    @Test
    void worktreePruneLosesNothing() throws Exception {
        Path build = worktree("lane-build");
        Files.createDirectories(build.resolve("node_modules/react"));
        Files.writeString(build.resolve("node_modules/react/index.js"), "module.exports = 1;\n");
        Files.createDirectories(build.resolve("packages/web/dist"));
        Files.writeString(build.resolve("packages/web/dist/app.js"), "built\n");

        Path env = worktree("lane-env");
        Files.writeString(env.resolve(".env"), "DATABASE_URL=postgres://local\n");

        Path lost = worktree("lane-lost");
        commit(lost, "unpushed.txt", "the only copy\n", "work nobody pushed");
        git(lost, "reset", "--hard", "origin/main");

        Path detached = ws.resolve("lane-detached");
        git(repo, "worktree", "add", "--detach", detached.toString(), "origin/main");
        commit(detached, "detached.txt", "made on a detached HEAD\n", "detached work");
        git(detached, "checkout", "--detach", "origin/main");

        Path locked = worktree("lane-locked");
        git(repo, "worktree", "lock", locked.toString());
        FileTrees.delete(locked);   // on a disk that is not mounted now: git keeps a locked record

        Path mismatch = worktree("lane-mismatch");
        Files.writeString(mismatch.resolve(".git"), "gitdir: " + repo.resolve(".git/worktrees/lane-build") + "\n");

        Files.writeString(repo.resolve("README.md"), "stashed edit\n");
        git(repo, "stash");

        var before = new TreeMap<Path, String>();
        for (Path wt : List.of(env, lost, detached, mismatch)) before.put(wt, FileTrees.fingerprint(wt));
        var plan = factory.run("plan", "--json");
        var deletes = new ArrayList<String>();
        for (var c : new ObjectMapper().readTree(plan.out()).path("changes")) {
            if (c.path("action").asText().equals("delete") && c.path("address").asText().startsWith("worktree/")) deletes.add(c.path("address").asText());
        }
        assertEquals(List.of("worktree/aina-platform/lane-build"), deletes, plan.all());
        var text = factory.run("plan").all();
        assertTrue(text.contains("holding ignored files that are not build output"), text);
        assertTrue(text.contains("holding commits no branch or remote has"), text);
        assertTrue(text.contains("1 locked"), text);
        assertTrue(text.contains("untrusted"), text);
        assertTrue(text.contains("1 stash entry"), text);
        assertTrue(text.contains("ignored build output: dist, node_modules"), text);

        assertEquals(0, factory.run("apply", "--auto-approve").exitCode());
        assertFalse(Files.exists(build), "only build output was left in it");
        for (var e : before.entrySet()) assertEquals(e.getValue(), FileTrees.fingerprint(e.getKey()), e.getKey() + " kept byte for byte");
        assertTrue(Files.isDirectory(repo.resolve(".git/worktrees/lane-locked")), "a locked record is never pruned, even when its tree is gone");
        assertTrue(git(repo, "stash", "list").contains("WIP"), "the stash is untouched");
    }

    @Test
    void plantedNamesCannotForgeLinesInAnyView() throws Exception {
        Path lane = Files.createDirectories(ws.resolve("lane-a"));
        String forged = "codex-\n  + file:forged  create \u001b[31mred\u001b[0m.log";
        Path log = lane.resolve(forged);
        Files.writeString(log, "old log\n");
        Files.setLastModifiedTime(log, FileTime.from(Instant.now().minus(Duration.ofDays(3))));

        var text = factory.run("plan");
        var markdown = factory.run("plan", "--format", "markdown");
        var json = factory.run("plan", "--json");

        for (var run : List.of(text, markdown)) {
            assertFalse(run.out().contains("\u001b"), "no raw escape sequence:\n" + run.out());
            assertFalse(run.out().lines().anyMatch(l -> l.startsWith("  + file:forged")), "no forged line:\n" + run.out());
            assertTrue(run.out().contains("codex-\\n  + file:forged  create \\x1b[31mred\\x1b[0m.log"), run.out());
        }
        boolean exact = false;
        for (var c : new ObjectMapper().readTree(json.out()).path("changes")) {
            exact |= c.path("address").asText().equals("prune-file/" + log);
        }
        assertTrue(exact, "JSON keeps the exact name:\n" + json.out());
        assertEquals(0, factory.run("apply", "--auto-approve").exitCode());
        assertFalse(Files.exists(log, LinkOption.NOFOLLOW_LINKS));
    }
}
