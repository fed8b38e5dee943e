package dev.factory.it;

import static dev.factory.testing.GitCli.commit;
import static dev.factory.testing.GitCli.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.kinds.image.BuildInputs;
import dev.factory.testing.Cli;
import dev.factory.testing.GitDaemon;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Declared clones against real remotes: a bare repo served by git daemon on 127.0.0.1. */
class RepoIT {
    @TempDir
    Path tmp;

    private Path remotes;
    private Path upstream;
    private Path config;
    private final Cli.Session factory = Cli.on(() -> config);
    private Path clone;
    private GitDaemon daemon;
    private String url;

    @BeforeEach
    void setUp() throws Exception {
        remotes = Files.createDirectories(tmp.resolve("remotes"));
        git(remotes, "init", "--bare", "aina-academy.git");
        upstream = tmp.resolve("upstream");
        git(tmp, "clone", remotes.resolve("aina-academy.git").toString(), upstream.toString());
        commit(upstream, "README.md", "academy\n", "first");
        git(upstream, "push", "origin", "HEAD:main");
        daemon = GitDaemon.serve(remotes);
        url = daemon.url("aina-academy.git");
        clone = tmp.resolve("srv/repos/aina-academy");
        config = tmp.resolve("config");
        writeConfig(clone);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        daemon.close();
    }

    /** These tests watch each push land at once: the repo fetches on every plan ({@code interval: 0s}). */
    private void writeConfig(Path path) throws IOException {
        writeConfig(path, "    interval: 0s\n");
    }

    private void writeConfig(Path path, String more) throws IOException {
        Files.createDirectories(config);
        Files.writeString(config.resolve("repos.yaml"), "host:\n  name: repo-it\n  stateDir: ../state\n"
                + "repos:\n  aina-academy:\n    url: " + url + "\n    path: " + path + "\n" + more);
    }

    @Test
    void aPlanReusesAFetchYoungerThanTheIntervalAndRefreshFetchesNow() throws Exception {
        writeConfig(clone, "");   // the default interval, 5m
        assertEquals(0, factory.run("apply", "--auto-approve").exitCode());
        var first = factory.run("plan", "--detailed-exitcode");
        assertEquals(0, first.exitCode(), first.all());

        pushUpstream("a.txt", "second");
        var reused = factory.run("plan", "--detailed-exitcode", "--format", "json");
        assertEquals(0, reused.exitCode(), "within the interval the last fetch is read, so the push is not seen yet:\n" + reused.all());
        assertTrue(reused.out().contains("remote as of ") && reused.out().contains("(fetched every 5m; --refresh fetches now)"), reused.out());

        var refreshed = factory.run("plan", "--detailed-exitcode", "--refresh");
        assertEquals(2, refreshed.exitCode(), refreshed.all());
        assertTrue(refreshed.out().contains("fast-forward 1 commit"), refreshed.out());
        var after = factory.run("plan", "--detailed-exitcode");
        assertEquals(2, after.exitCode(), "the refreshed fetch is the one reused now:\n" + after.all());

        assertEquals(0, factory.run("apply", "--auto-approve").exitCode());
        assertEquals(git(upstream, "rev-parse", "HEAD"), git(clone, "rev-parse", "HEAD"));
        var converged = factory.run("plan", "--detailed-exitcode");
        assertEquals(0, converged.exitCode(), "the apply's own fetch is not taken for local commits:\n" + converged.all());
        assertFalse(converged.out().contains("ahead"), converged.out());

        pushUpstream("b.txt", "third");
        var viaApply = factory.run("apply", "--auto-approve", "--refresh");
        assertEquals(0, viaApply.exitCode(), viaApply.all());
        assertEquals(git(upstream, "rev-parse", "HEAD"), git(clone, "rev-parse", "HEAD"), "apply --refresh saw the push");
    }


    /** What plans keep in the state dir's caches goes with the repo and the image that no longer declare it; the clone stays. */
    @Test
    void aRepoAndAnImageNoLongerDeclaredLeaveNothingInTheCaches() throws Exception {
        Path context = Files.createDirectories(config.resolve("box"));
        Files.writeString(context.resolve("Dockerfile"), "ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nCOPY f.txt /\n");
        Files.writeString(context.resolve("f.txt"), "f\n");
        writeConfig(clone, "images:\n  repo-it-box:\n    context: box\n    from: scratch\n");
        var cloned = factory.run("apply", "--auto-approve", "--target", "repo/aina-academy");
        assertEquals(0, cloned.exitCode(), cloned.all());
        awaitSettled(context);
        assertEquals(2, factory.run("plan", "--detailed-exitcode", "--refresh").exitCode(), "the image is still to build");
        Path caches = tmp.resolve("state/cache");
        assertEquals(1, count(caches.resolve("clones")), "the clone's read is kept");
        assertEquals(1, count(caches.resolve("context")), "the context's digests are kept");
        Path remotes = caches.resolve("remotes");
        assertTrue(Files.isDirectory(remotes.resolve("aina-academy.git")) && Files.isRegularFile(remotes.resolve("aina-academy.fetched")),
                "the plan fetched into the remote's cache");
        Files.writeString(remotes.resolve("notes.txt"), "not the cache's");
        Files.createDirectories(remotes.resolve("Not_A_Repo.git"));
        Path precious = Files.createDirectories(tmp.resolve("precious"));
        Files.writeString(precious.resolve("work.txt"), "someone's work");
        Files.createSymbolicLink(remotes.resolve("ghost.git"), precious);   // a link where a cache would be: removed itself, never followed

        Files.writeString(config.resolve("repos.yaml"), "host:\n  name: repo-it\n  stateDir: ../state\n");
        var plan = factory.run("plan", "--detailed-exitcode");

        assertEquals(0, plan.exitCode(), plan.all());
        assertEquals(0, count(caches.resolve("clones")), "nothing kept of a repo no longer declared");
        assertEquals(0, count(caches.resolve("context")), "nor of an image");
        assertFalse(Files.exists(remotes.resolve("aina-academy.git")) || Files.exists(remotes.resolve("aina-academy.fetched")),
                "nor its remote's cache");
        assertTrue(Files.exists(remotes.resolve("aina-academy.lock")), "the lock stays: a process waiting on it finds the same file");
        assertFalse(Files.exists(remotes.resolve("ghost.git"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertEquals("someone's work", Files.readString(precious.resolve("work.txt")));
        assertTrue(Files.exists(remotes.resolve("notes.txt")) && Files.isDirectory(remotes.resolve("Not_A_Repo.git")), "what is not a cache of a repo's is left");
        assertTrue(Files.isRegularFile(clone.resolve("README.md")), "the clone itself is never deleted");
    }

    /**
     * Returns once no file in {@code dir} has changed (ctime) for 2 s: a context file is remembered
     * only then (ContextDigests.RACY_NANOS). Waits only what is left of that after the apply.
     */
    private static void awaitSettled(Path dir) throws Exception {
        long newest = 0;
        try (var files = Files.walk(dir)) {
            for (Path f : files.toList()) {
                var ctime = (java.nio.file.attribute.FileTime) Files.getAttribute(f, "unix:ctime", java.nio.file.LinkOption.NOFOLLOW_LINKS);
                newest = Math.max(newest, ctime.to(java.util.concurrent.TimeUnit.MILLISECONDS));
            }
        }
        long settledAt = newest + 2_000 + 50;
        for (long now = System.currentTimeMillis(); now < settledAt; now = System.currentTimeMillis()) Thread.sleep(settledAt - now);
    }

    private static long count(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.count();
        }
    }

    private void pushUpstream(String file, String message) throws IOException {
        commit(upstream, file, message + "\n", message);
        git(upstream, "push", "origin", "HEAD:main");
    }

    @Test
    void clonesFastForwardsAndFixesOrigin() throws Exception {
        var plan = factory.run("plan", "--detailed-exitcode");
        assertEquals(2, plan.exitCode(), plan.all());
        assertTrue(plan.out().contains("+ repo/aina-academy") && plan.out().contains("not cloned yet"), plan.out());
        assertEquals(0, factory.run("apply", "--auto-approve").exitCode());
        assertEquals("academy", Files.readString(clone.resolve("README.md")).strip());
        var again = factory.run("plan", "--detailed-exitcode");
        assertEquals(0, again.exitCode(), again.all());

        pushUpstream("a.txt", "second");
        pushUpstream("b.txt", "third");
        var behind = factory.run("plan", "--detailed-exitcode");
        assertEquals(2, behind.exitCode());
        assertTrue(behind.out().contains("~ repo/aina-academy") && behind.out().contains("fast-forward 2 commits to origin/main"), behind.out());
        assertEquals(0, factory.run("apply", "--auto-approve").exitCode());
        assertEquals(git(upstream, "rev-parse", "HEAD"), git(clone, "rev-parse", "HEAD"));
        assertEquals(0, factory.run("plan", "--detailed-exitcode").exitCode());

        git(clone, "remote", "set-url", "origin", "https://mirror.invalid/ainative-academy/aina-academy.git");
        var wrongOrigin = factory.run("plan");
        assertTrue(wrongOrigin.out().contains("set origin to " + url), wrongOrigin.out());
        assertEquals(0, factory.run("apply", "--auto-approve").exitCode());
        assertEquals(url, git(clone, "remote", "get-url", "origin"));
        assertEquals(0, factory.run("plan", "--detailed-exitcode").exitCode());
    }

    @Test
    void aDirtyCloneAndADivergedBranchAreReportedAndLeftByteForByte() throws Exception {
        assertEquals(0, factory.run("apply", "--auto-approve").exitCode());
        Files.writeString(clone.resolve("README.md"), "local edit\n");
        Files.writeString(clone.resolve("scratch.txt"), "untracked\n");
        pushUpstream("a.txt", "upstream moved");
        String before = fingerprint(clone);

        var dirty = factory.run("plan");
        assertTrue(dirty.out().contains("1 behind origin/main, not fast-forwarded: uncommitted changes"), dirty.out());
        assertTrue(dirty.out().contains("1 uncommitted change: left alone") && dirty.out().contains("1 untracked file: left alone"), dirty.out());
        assertEquals(0, factory.run("apply", "--auto-approve").exitCode());
        assertEquals(before, fingerprint(clone), "the dirty clone was touched");

        git(clone, "checkout", "--", "README.md");
        Files.delete(clone.resolve("scratch.txt"));
        commit(clone, "local.txt", "local work\n", "local commit");
        String diverged = fingerprint(clone);
        var plan = factory.run("plan");
        assertTrue(plan.out().contains("diverged from origin/main (1 ahead, 1 behind): left alone"), plan.out());
        assertTrue(plan.out().contains("warning: ") && plan.out().contains("reconcile it by hand"), plan.out());
        assertEquals(0, factory.run("apply", "--auto-approve").exitCode());
        assertEquals(diverged, fingerprint(clone), "the diverged clone was touched");
    }

    @Test
    void aPathHoldingSomethingElseIsRefusedAndKept() throws Exception {
        Files.createDirectories(clone);
        Files.writeString(clone.resolve("notes.txt"), "not a repo\n");
        var notRepo = factory.run("apply", "--auto-approve");
        assertEquals(1, notRepo.exitCode(), notRepo.all());
        assertTrue(notRepo.all().contains("exists and is not a git repository; factory never overwrites it"), notRepo.all());
        assertEquals("not a repo", Files.readString(clone.resolve("notes.txt")).strip());
        assertEquals(1, Files.list(clone).count());

        Path other = tmp.resolve("other-repo");
        git(tmp, "init", other.toString());
        git(other, "remote", "add", "origin", "https://github.com/someone/something-else.git");
        writeConfig(other);
        var otherRepo = factory.run("plan");
        assertEquals(1, otherRepo.exitCode());
        assertTrue(otherRepo.all().contains("holds another repository (origin https://github.com/someone/something-else.git)"), otherRepo.all());
    }

    @Test
    void linkedWorktreesAreListedInStatusAndThePlan() throws Exception {
        assertEquals(0, factory.run("apply", "--auto-approve").exitCode());
        Path lane = tmp.resolve("agent-workspaces/codex-login-fix");
        git(clone, "worktree", "add", "-b", "codex/login-fix", lane.toString());

        var plan = factory.run("plan");
        assertTrue(plan.all().contains("1 linked worktree"), plan.all());
        var status = factory.run("status");
        assertEquals(0, status.exitCode(), status.all());
        assertTrue(status.out().contains("aina-academy  " + clone + "  main") && status.out().contains("worktree " + lane), status.out());
    }

    @Test
    void anUnreachableRemoteIsAWarningTheCloneIsKeptAndAMissingCloneFailsCleanly() throws Exception {
        assertEquals(0, factory.run("apply", "--auto-approve").exitCode());
        String before = fingerprint(clone);
        daemon.close();   // the remote stops answering: connection refused on 127.0.0.1

        var plan = factory.run("plan", "--detailed-exitcode");
        assertEquals(0, plan.exitCode(), "nothing to do, and nothing decided from what could not be fetched:\n" + plan.all());
        assertTrue(plan.all().contains("cannot fetch " + url) && plan.all().contains("Connection refused"), plan.all());
        assertEquals(0, factory.run("apply", "--auto-approve").exitCode());
        assertEquals(before, fingerprint(clone), "the clone is left byte for byte");

        Path second = tmp.resolve("srv/repos/second");
        writeConfig(second);
        var missing = factory.run("apply", "--auto-approve");
        assertEquals(1, missing.exitCode(), missing.all());
        assertTrue(missing.all().contains("repo/aina-academy: cannot clone " + url), missing.all());
        assertFalse(Files.exists(second), "nothing half-made at the declared path");
        try (Stream<Path> left = Files.list(second.getParent())) {
            assertTrue(left.noneMatch(f -> f.getFileName().toString().contains("factory-clone")), "no partial clone beside it");
        }
    }

    /** Every file of the work tree and the refs and index that describe it; the fetched remote refs are excluded. */
    private static String fingerprint(Path repo) throws IOException {
        var digests = new TreeMap<String, String>();
        try (Stream<Path> files = Files.walk(repo)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String rel = repo.relativize(f).toString();
                boolean gitMeta = rel.startsWith(".git/");
                if (gitMeta && !(rel.equals(".git/HEAD") || rel.equals(".git/index") || rel.startsWith(".git/refs/heads/"))) continue;
                digests.put(rel, dev.factory.runtime.Sha256.hex(Files.readAllBytes(f)));
            }
        }
        return digests.toString();
    }
}
