package dev.factory.git;

import static dev.factory.testing.GitCli.commit;
import static dev.factory.testing.GitCli.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.kinds.repo.Clones;
import dev.factory.kinds.repo.RepoSpec;
import dev.factory.kinds.repo.RepoState;
import dev.factory.testing.Await;
import dev.factory.testing.GitCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a plan read of a clone, kept while the clone's stamp is the same ({@link WarmClones}): an
 * unchanged clone is read once, and every change an agent or a person makes to it (through any
 * name, with its mtime put back, in the same second) is read at once, equal to a fresh read.
 */
class WarmClonesIT {
    @TempDir
    Path tmp;

    Path bare;
    Path upstream;
    Path clone;
    Path global;
    RepoSpec spec;
    long now;
    WarmClones kept;

    @BeforeEach
    void setUp() throws Exception {
        bare = GitCli.bareWithCommit(tmp, "remote", "README.md", "hello\n");
        upstream = tmp.resolve("remote-seed");
        clone = tmp.resolve("clone");
        git(tmp, "clone", "-q", bare.toString(), clone.toString());
        Files.writeString(clone.resolve(".gitignore"), "build/\n");
        git(clone, "add", ".gitignore");
        git(clone, "commit", "-q", "-m", "ignore build");
        Files.createDirectories(clone.resolve("build"));
        Files.writeString(clone.resolve("build/out.bin"), "built\n");
        global = tmp.resolve("home/.gitconfig");
        spec = new RepoSpec("r", "file://" + bare, clone, "main", null, null, null, java.time.Duration.ofHours(1));
        now = System.currentTimeMillis() * 1_000_000L + 10_000_000_000L;   // everything written 10 s "ago": settled
        kept = new WarmClones(() -> now, List.of(global));
    }

    /** What the next plan reads through: in memory, the same keeper each time (a daemon's plans). */
    WarmClones keeper() {
        return kept;
    }

    /** How many times the clone was read rather than reused, over every keeper. */
    long reads() {
        return kept.reads();
    }

    /** The kept observation, then a fresh one; asserts they are the same and returns it. */
    private RepoState same(String after) throws Exception {
        RepoState warm = new JgitClones(null, keeper()).observe(spec, Clones.Fetch.NONE);
        RepoState fresh = new JgitClones().observe(spec, Clones.Fetch.NONE);
        assertEquals(fresh, warm, "after " + after);
        return warm;
    }

    /** Observes until the kept read is reused (a read that changed the walk's inputs needs a second one), then returns the reads. */
    private long settle() throws Exception {
        same("settling");
        same("settling");
        long reads = reads();
        same("nothing");
        assertEquals(reads, reads(), "an unchanged clone is not read again");
        return reads;
    }

    /** Asserts the next observation reads the clone again, and equals a fresh read. */
    private RepoState readAgain(String after) throws Exception {
        long before = reads();
        RepoState s = same(after);
        assertEquals(before + 1, reads(), after + ": read again");
        return s;
    }

    @Test
    void anUnchangedCloneIsReadOnlyUntilItsInputsAreKnown() throws Exception {
        same("the first plan");
        same("the second plan");
        for (int i = 0; i < 5; i++) same("nothing");
        assertTrue(reads() <= 2, "read " + reads() + " times");
    }

    @Test
    void everyChangeToTheWorkTreeIsReadAtOnce() throws Exception {
        settle();
        Path readme = clone.resolve("README.md");
        FileTime mtime = Files.getLastModifiedTime(readme);
        Files.writeString(readme, "HELLO\n");   // same size, mtime put back: only the ctime tells
        Files.setLastModifiedTime(readme, mtime);
        readAgain("an edit with its mtime put back");   // (jgit's status compares size and mtime: it calls this clean, as a fresh read does)
        Files.writeString(readme, "hello, edited\n");
        assertEquals(1, readAgain("an edit").changed());
        git(clone, "checkout", "-q", "--", "README.md");
        settle();

        Files.writeString(clone.resolve("notes.txt"), "new\n");
        assertEquals(1, readAgain("an untracked file").untracked());
        Files.createDirectories(clone.resolve("docs/deep"));
        Files.writeString(clone.resolve("docs/deep/more.md"), "x\n");
        assertEquals(2, readAgain("an untracked file two directories down").untracked());
        Files.delete(clone.resolve("docs/deep/more.md"));
        Files.delete(clone.resolve("notes.txt"));
        readAgain("untracked files removed");

        Files.setPosixFilePermissions(readme, PosixFilePermissions.fromString("rwxr-xr-x"));
        readAgain("a chmod");
        Files.setPosixFilePermissions(readme, PosixFilePermissions.fromString("rw-r--r--"));
        readAgain("the chmod undone");

        Files.delete(readme);
        assertEquals(1, readAgain("a tracked file deleted").changed());
        git(clone, "checkout", "-q", "--", "README.md");
        readAgain("restored");
    }

    @Test
    void aWriteThroughAHardLinkMadeOutsideTheCloneIsRead() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("workspace")).resolve("innocent.txt");
        Files.createLink(outside, clone.resolve("README.md"));
        settle();
        FileTime mtime = Files.getLastModifiedTime(outside);
        Files.writeString(outside, "HELLO\n");   // same length, written by another name in another directory
        Files.setLastModifiedTime(outside, mtime);
        readAgain("a write through a link elsewhere, its mtime put back");
        settle();
        Files.writeString(outside, "hello, edited through the link\n");
        assertEquals(1, readAgain("a write through a link elsewhere").changed());
    }

    @Test
    void commitsBranchesConfigAndWorktreesAreRead() throws Exception {
        settle();
        commit(clone, "local.txt", "work\n", "local work");
        assertEquals(2, readAgain("a local commit").ahead(), "the set-up's .gitignore commit and this one");
        git(clone, "checkout", "-q", "-b", "feature");
        var switched = readAgain("a branch switched");
        assertEquals("feature", switched.currentBranch());
        same("settling on the new HEAD's branch");
        git(clone, "commit", "-q", "--allow-empty", "-m", "only a ref moves");   // no work tree, index or declared ref touched
        var moved = readAgain("a commit on the branch HEAD names, not the declared one");
        assertTrue(!moved.head().equals(switched.head()));
        git(clone, "checkout", "-q", "main");
        readAgain("back on main");
        git(clone, "config", "remote.origin.url", "file:///elsewhere");
        assertEquals("file:///elsewhere", readAgain("origin moved").originUrl());
        git(clone, "config", "remote.origin.url", bare.toString());
        readAgain("origin back");
        git(clone, "config", "filter.lfs.smudge", "git-lfs smudge %f");
        assertEquals(List.of("lfs"), readAgain("a filter driver configured").filterDrivers());
        git(clone, "worktree", "add", "-q", tmp.resolve("wt").toString(), "-b", "wt");
        assertEquals(1, readAgain("a linked worktree added").worktrees().size());
        commit(upstream, "NEWS.md", "news\n", "upstream");
        git(upstream, "push", "-q", "origin", "HEAD:main");
        git(clone, "fetch", "-q", "origin");
        assertEquals(1, readAgain("the remote's new commit fetched into the clone").behind());
        git(clone, "gc", "-q");   // refs packed
        readAgain("the clone repacked");
    }

    @Test
    void theIgnoredDirectoryIsNotWalkedButTheIgnoreRulesAre() throws Exception {
        settle();
        Files.writeString(clone.resolve("build/more.bin"), "more\n");
        long reads = reads();
        assertEquals(0, same("a file added in an ignored directory").untracked());
        assertEquals(reads, reads(), "nothing a status reads changed");
        Files.writeString(clone.resolve(".gitignore"), "");
        assertEquals(2, readAgain("the ignore rule removed").untracked());
    }

    @Test
    void aLinkInTheCloneIsAnEntryNotAWayOut() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.createSymbolicLink(clone.resolve("elsewhere"), outside);
        settle();
        Files.writeString(outside.resolve("secret.txt"), "not the clone's\n");
        long reads = reads();
        same("a file written where a link in the clone points");
        assertEquals(reads, reads(), "the walk did not follow the link");
        Files.delete(clone.resolve("elsewhere"));
        Files.createSymbolicLink(clone.resolve("elsewhere"), tmp);
        readAgain("the link pointed elsewhere");
    }

    @Test
    void aGitFileThatIsALinkIsReadEveryTime() throws Exception {
        // the clone's config moved out to a file an agent writes, and linked back: jgit reads through the link,
        // and an edit to the target changes nothing the link's own lstat shows
        Path outside = Files.createDirectories(tmp.resolve("agent")).resolve("config");
        Files.move(clone.resolve(".git/config"), outside);
        Files.createSymbolicLink(clone.resolve(".git/config"), outside);
        same("one");
        same("two");
        long reads = reads();
        Files.writeString(outside, Files.readString(outside) + "[filter \"lfs\"]\n\tsmudge = git-lfs smudge %f\n");
        assertEquals(List.of("lfs"), same("a filter driver written through the link").filterDrivers());
        same("nothing");
        assertEquals(reads + 2, reads(), "no stamp: read every time");
    }

    @Test
    void aGlobalGitConfigCreatedOrEditedIsAChange() throws Exception {
        settle();
        Files.createDirectories(global.getParent());
        Files.writeString(global, "[core]\n");
        readAgain("a global config created");
        settle();
        Files.writeString(global, "[user]\n");
        readAgain("a global config edited");
    }

    @Test
    void onePlansRoundStatsTheGlobalConfigsOnceUntilTheyMayHaveChanged() throws Exception {
        settle();
        var round = new JgitClones(null, keeper());   // one plan's
        round.observe(spec, Clones.Fetch.NONE);
        long reads = reads();
        Files.createDirectories(global.getParent());
        Files.writeString(global, "[core]\n");
        round.observe(spec, Clones.Fetch.NONE);
        assertEquals(reads, reads(), "the same round, moments later: the configs as it stat-ed them");
        now += WarmClones.RACY_NANOS + 1;
        assertEquals(new JgitClones().observe(spec, Clones.Fetch.NONE), round.observe(spec, Clones.Fetch.NONE));
        assertEquals(reads + 1, reads(), "a round that stat-ed them longer ago than the window stats them again");
        same("the next round");
        assertEquals(reads + 1, reads());
    }

    @Test
    void aDeclaredBranchInADirectoryNotYetThereIsAChangeWhenItIsMade() throws Exception {
        spec = new RepoSpec("r", "file://" + bare, clone, "feature/x", null, null, null, java.time.Duration.ofHours(1));
        settle();
        git(clone, "branch", "feature/x");   // refs/heads/feature/ did not exist: the ref and its directory appear
        readAgain("the declared branch made");
        settle();
        Files.writeString(clone.resolve("more.txt"), "more\n");
        git(clone, "add", "more.txt");
        git(clone, "commit", "-q", "-m", "more");
        git(clone, "update-ref", "refs/heads/feature/x", "HEAD");
        readAgain("the declared branch moved");
    }

    @Test
    void aCloneWrittenInTheSameMomentAsItsWalkIsReadEveryTime() throws Exception {
        now = System.currentTimeMillis() * 1_000_000L;   // the walk happens just as the files were written
        same("one");
        same("two");
        same("three");
        assertEquals(3, reads());
    }

    @Test
    void aCloneWithANestedRepositoryOrSubmodulesIsReadEveryTime() throws Exception {
        git(clone.resolve("vendor/lib"), "init", "-q");
        same("one");
        same("two");
        same("three");
        assertEquals(3, reads());
    }

    @Test
    void aQuietCloneKeepsNoHandleOpenAndItsRemoteCacheIsOpenedOnlyToCount() throws Exception {
        Path cache = Files.createDirectories(tmp.resolve("state/cache/remotes"));
        git(clone, "push", "-q", "origin", "HEAD:main");   // the set-up's commit: nothing ahead, nothing behind
        try (var warm = new WarmRepos()) {
            var clones = new JgitClones(warm, keeper());
            RepoState first = clones.observe(spec, Clones.Fetch.intoCache(cache, true));   // fetched into the cache, stamped
            for (int i = 0; i < 3; i++) {
                RepoState again = clones.observe(spec, Clones.Fetch.intoCache(cache, false));
                assertEquals(first.remoteHead(), again.remoteHead());
                assertEquals(0, again.behind());
            }
            assertEquals(0, warm.size(), "the clone's read is kept, not its handle; the cache's head is in its stamp");
            assertTrue(Files.readString(cache.resolve("r.fetched")).contains(first.remoteHead()));

            git(upstream, "pull", "-q", "origin", "main");   // the seed takes the clone's pushed commit first
            commit(upstream, "NEWS.md", "news\n", "upstream");
            git(upstream, "push", "-q", "origin", "HEAD:main");
            RepoState behind = clones.observe(spec, Clones.Fetch.intoCache(cache, true));
            assertEquals(1, behind.behind());
            RepoState reused = clones.observe(spec, Clones.Fetch.intoCache(cache, false));
            assertEquals(behind.remoteHead(), reused.remoteHead(), "the stamp's head, past the clone's own origin ref");
            assertEquals(1, reused.behind());
            assertEquals(0, warm.size(), "the cache opened to count is let go: its counts are what is kept");
            RepoState fresh = new JgitClones().observe(spec, Clones.Fetch.intoCache(cache, false));
            assertEquals(fresh.remoteHead(), reused.remoteHead());
            assertEquals(fresh.behind(), reused.behind());
        }
    }

    @Test
    void theCloneJgitOpensAsTheCachesAlternateIsClosedSoonAfter() throws Exception {
        Path cache = Files.createDirectories(tmp.resolve("state/cache/remotes"));
        var key = org.eclipse.jgit.lib.RepositoryCache.FileKey.exact(clone.resolve(".git").toFile(), NoExecFs.INSTANCE);
        commit(upstream, "NEWS.md", "news\n", "upstream");
        git(upstream, "push", "-q", "origin", "HEAD:main");
        RepoState fetched = new JgitClones(null, keeper()).observe(spec, Clones.Fetch.intoCache(cache, true));
        assertEquals(null, fetched.fetchError());
        assertEquals(1, fetched.behind(), "counted through the cache, whose alternate is the clone");
        Await.until("jgit to let go of the clone it opened as the cache's alternate (it keeps one an hour by default: "
                + "17 MB of a daemon at 1,000 repos)", java.time.Duration.ofSeconds(20),
                () -> !org.eclipse.jgit.lib.RepositoryCache.getRegisteredKeys().contains(key));
    }

    @Test
    void aCacheEmptiedBeforeAFetchThatFailsTakesItsStampWithIt() throws Exception {
        Path cache = Files.createDirectories(tmp.resolve("state/cache/remotes"));
        var clones = new JgitClones(null, keeper());
        assertEquals(null, clones.observe(spec, Clones.Fetch.intoCache(cache, true)).fetchError());
        assertTrue(Files.exists(cache.resolve("r.fetched")));
        git(clone, "fetch", "-q", "origin");   // the clone holds what the cache fetched: the next fetch empties the cache first
        Files.move(bare, tmp.resolve("gone.git"));
        RepoState failed = clones.observe(spec, Clones.Fetch.intoCache(cache, true));
        assertTrue(failed.fetchError() != null, "the remote is gone");
        assertTrue(!Files.exists(cache.resolve("r.fetched")), "no stamp names a head the emptied cache no longer holds");
    }

    @Test
    void aShallowClonesCountsAreNotKeptAcrossADeepening() throws Exception {
        commit(upstream, "two.txt", "2\n", "two");
        commit(upstream, "three.txt", "3\n", "three");
        git(upstream, "push", "-q", "origin", "HEAD:main");
        Path shallow = tmp.resolve("shallow");
        git(tmp, "clone", "-q", "--depth", "1", "file://" + bare, shallow.toString());
        commit(shallow, "local.txt", "l\n", "local work");
        git(upstream, "reset", "-q", "--hard", "HEAD~2");   // the remote's main diverges below the shallow boundary
        commit(upstream, "other.txt", "o\n", "rewritten");
        git(upstream, "push", "-q", "-f", "origin", "HEAD:main");
        git(shallow, "fetch", "-q", "origin");
        spec = new RepoSpec("s", "file://" + bare, shallow, "main", null, null, null, java.time.Duration.ofHours(1));
        same("shallow");
        same("shallow, settled");
        git(shallow, "fetch", "-q", "--unshallow", "origin");   // the same two ids, a deeper history
        RepoState deep = readAgain("deepened");
        assertEquals(3, deep.ahead(), "local work, three and two: the commits below the old boundary count now");
    }

    @Test
    void anotherBranchAskedIsReadAgainAndApplysFetchNeverUsesTheKeptRead() throws Exception {
        settle();
        git(clone, "branch", "other");
        settle();
        spec = new RepoSpec("r", "file://" + bare, clone, "other", null, null, null, java.time.Duration.ofHours(1));
        readAgain("the declared branch changed");
        settle();
        Files.writeString(clone.resolve("notes.txt"), "new\n");
        long reads = reads();
        assertEquals(1, new JgitClones(null, keeper()).observe(spec, Clones.Fetch.INTO_CLONE).untracked());
        assertEquals(reads, reads(), "apply's observation read the clone itself, not through the keeper");
    }
}
