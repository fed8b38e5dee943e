package dev.factory.git;

import static dev.factory.testing.GitCli.commit;
import static dev.factory.testing.GitCli.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.fs.TrustedPath;
import dev.factory.kinds.repo.Clones;
import dev.factory.kinds.repo.RepoSpec;
import dev.factory.kinds.repo.RepoState;
import dev.factory.testing.GitCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clones kept open between plans ({@link WarmRepos}) read exactly as clones opened afresh, after
 * each kind of change an agent or a person makes to a clone, its remote or its config.
 */
class WarmReposIT {
    @TempDir
    Path tmp;

    private Path bare;
    private Path upstream;
    private Path clone;
    private RepoSpec spec;
    private Path cache;

    private void setUp() throws Exception {
        bare = GitCli.bareWithCommit(tmp, "remote", "README.md", "hello\n");
        upstream = tmp.resolve("remote-seed");
        clone = tmp.resolve("clone");
        git(tmp, "clone", "-q", bare.toString(), clone.toString());
        git(clone, "config", "user.email", "t@example.com");
        git(clone, "config", "user.name", "t");
        spec = new RepoSpec("r", "file://" + bare, clone, "main", null, null, null, java.time.Duration.ofHours(1));
        cache = Files.createDirectories(tmp.resolve("state/cache/remotes"));
    }

    /** The warm observation, then the fresh one; asserts they are the same and returns it. */
    private RepoState same(WarmRepos warm, String after, boolean refresh) throws Exception {
        var fetch = Clones.Fetch.intoCache(cache, refresh);
        RepoState kept = new JgitClones(warm, null).observe(spec, fetch);
        RepoState fresh = new JgitClones().observe(spec, Clones.Fetch.intoCache(cache, false));
        assertEquals(withoutAge(fresh), withoutAge(kept), "after " + after);
        return kept;
    }

    private static RepoState withoutAge(RepoState s) {
        return new RepoState(s.presence(), s.originUrl(), s.currentBranch(), s.head(), s.remoteHead(), s.changed(), s.untracked(), s.ahead(),
                s.behind(), s.fetchError(), s.worktrees(), s.filterDrivers(), null);
    }

    @Test
    void aKeptCloneReadsEveryChangeAsAFreshOpenWould() throws Exception {
        setUp();
        try (var warm = new WarmRepos()) {
            var clean = same(warm, "nothing", true);
            assertEquals(0, clean.changed());
            assertEquals(1, warm.size(), "the clone is kept; a fetch opens its cache afresh");

            Files.writeString(clone.resolve("README.md"), "edited by an agent\n");
            assertEquals(1, same(warm, "a tracked file edited", false).changed());
            assertEquals(1, warm.size(), "the clone is kept; read without a fetch, the cache's head comes from its stamp, unopened");

            Files.writeString(clone.resolve("notes.txt"), "new\n");
            assertEquals(1, same(warm, "an untracked file", false).untracked());

            git(clone, "add", "-A");
            git(clone, "commit", "-q", "-m", "local work");
            var ahead = same(warm, "a local commit", false);
            assertEquals(1, ahead.ahead());
            assertEquals(0, ahead.changed());
            assertFalse(ahead.head().equals(clean.head()));

            git(clone, "checkout", "-q", "-b", "feature");
            assertEquals("feature", same(warm, "a branch switched", false).currentBranch());
            git(clone, "checkout", "-q", "main");

            git(clone, "config", "filter.lfs.smudge", "git-lfs smudge %f");
            assertEquals(List.of("lfs"), same(warm, "a filter driver configured", false).filterDrivers());
            git(clone, "config", "remote.origin.url", "file:///elsewhere");
            assertEquals("file:///elsewhere", same(warm, "origin moved", false).originUrl());
            git(clone, "config", "remote.origin.url", "file://" + bare);

            commit(upstream, "NEWS.md", "news\n", "upstream");
            git(upstream, "push", "-q", "origin", "HEAD:main");
            var behind = same(warm, "a new remote commit fetched (--refresh)", true);
            assertEquals(1, behind.behind());

            git(clone, "gc", "-q");   // loose objects packed, refs packed: new pack files, a packed-refs file
            same(warm, "the clone repacked", false);
        }
    }

    @Test
    void aCloneMadeAgainAtTheSamePathIsOpenedAfreshNotReadThroughTheOldHandle() throws Exception {
        setUp();
        try (var warm = new WarmRepos()) {
            Repository first = warm.gitDir(clone.resolve(".git"), () -> GitRepos.openRepository(clone));
            first.close();
            assertSame(first, reopen(warm), "kept while its git directory is the same one");

            TrustedPath.removeTree(clone);
            Path other = GitCli.bareWithCommit(tmp, "other", "OTHER.md", "other\n");
            git(tmp, "clone", "-q", other.toString(), clone.toString());
            Repository second = reopen(warm);
            assertNotSame(first, second);
            assertTrue(second.getObjectDatabase().has(second.resolve("HEAD")));
            assertEquals(second.resolve("HEAD"), org.eclipse.jgit.lib.ObjectId.fromString(git(clone, "rev-parse", "HEAD").strip()));
            assertEquals(1, warm.size());
        }
    }

    @Test
    void aGitDirectoryThatIsALinkIsNeverKept() throws Exception {
        setUp();
        Path linked = Files.createDirectories(tmp.resolve("linked"));
        Files.createSymbolicLink(linked.resolve(".git"), clone.resolve(".git"));
        try (var warm = new WarmRepos()) {
            Repository once = warm.gitDir(linked.resolve(".git"), () -> GitRepos.openGitDir(clone.resolve(".git")));
            once.close();
            assertEquals(0, warm.size());
        }
    }

    @Test
    void atMostTheBoundIsKeptAndTheLeastRecentlyUsedIsClosedFirst() throws Exception {
        setUp();
        var dirs = new java.util.ArrayList<Path>();
        for (int i = 0; i < 3; i++) {
            Path c = tmp.resolve("c" + i);
            git(tmp, "clone", "-q", bare.toString(), c.toString());
            dirs.add(c);
        }
        try (var warm = new WarmRepos(2)) {
            var opened = new java.util.ArrayList<Repository>();
            for (Path c : dirs) {
                Repository r = warm.gitDir(c.resolve(".git"), () -> GitRepos.openRepository(c));
                r.close();
                opened.add(r);
            }
            assertEquals(2, warm.size());
            assertNotSame(opened.get(0), warm.gitDir(dirs.get(0).resolve(".git"), () -> GitRepos.openRepository(dirs.get(0))),
                    "the first was let go when the third came");
            Repository kept = warm.gitDir(dirs.get(2).resolve(".git"), () -> GitRepos.openRepository(dirs.get(2)));
            assertSame(opened.get(2), kept);
            kept.close();
        }
    }

    private Repository reopen(WarmRepos warm) throws Exception {
        Repository r = warm.gitDir(clone.resolve(".git"), () -> GitRepos.openRepository(clone));
        r.close();
        return r;
    }
}
