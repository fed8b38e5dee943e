package dev.factory.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.factory.testing.GitCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The config repository read from its files in git's plain layout says what jgit and git say, and
 * every other layout is left to jgit (null), whose answer the config's revision and tree then are.
 */
class PlainGitDirIT {
    @TempDir
    Path tmp;

    private Path repo() throws Exception {
        Path repo = tmp.resolve("config");
        GitCli.git(tmp, "init", "-q", "-b", "main", repo.toString());
        GitCli.commit(repo, "factory.yaml", "host: {name: a}\n", "first");
        GitCli.commit(repo, "factory.yaml", "host: {name: b}\n", "second");
        return repo;
    }

    /** HEAD as jgit resolves it in the repository holding {@code dir}. */
    private static String jgitHead(Path dir) throws Exception {
        var builder = new FileRepositoryBuilder().setFS(NoExecFs.INSTANCE).findGitDir(dir.toFile());
        try (var repo = builder.build()) {
            var head = repo.resolve(Constants.HEAD);
            return head == null ? null : head.name();
        }
    }

    /** The plain reading of {@code dir}'s repository, its HEAD, and the revision the config gets, checked against git. */
    private static void plainAndTrue(Path dir, Path workTree) throws Exception {
        Path gitDir = PlainGitDir.find(dir.toAbsolutePath(), Map.of());
        assertEquals(workTree.resolve(".git"), gitDir);
        String git = GitCli.git(workTree, "rev-parse", "HEAD");
        assertEquals(git, PlainGitDir.head(gitDir).name());
        assertEquals(git, jgitHead(dir));
        assertEquals(git, new JgitConfigGit().revision(dir).orElseThrow().sha());
        assertEquals(GitCli.git(workTree, "log", "-1", "--format=%s"), new JgitConfigGit().revision(dir).orElseThrow().subject());
        assertEquals(Optional.of(workTree), new JgitConfigGit().workTree(dir));
    }

    @Test
    void aLooseRefAPackedRefAndADetachedHeadAreReadAsGitReadsThem() throws Exception {
        Path repo = repo();
        Path nested = Files.createDirectories(repo.resolve("teams/ops"));
        plainAndTrue(repo, repo);
        plainAndTrue(nested, repo);

        GitCli.git(repo, "pack-refs", "--all");
        assertEquals(false, Files.exists(repo.resolve(".git/refs/heads/main")), "the branch is only in packed-refs now");
        plainAndTrue(repo, repo);

        GitCli.commit(repo, "factory.yaml", "host: {name: c}\n", "third");   // a loose ref again, newer than the packed line
        plainAndTrue(repo, repo);

        GitCli.git(repo, "checkout", "-q", "--detach", "HEAD~1");
        plainAndTrue(repo, repo);

        GitCli.git(repo, "checkout", "-q", "main");
        GitCli.git(repo, "gc", "-q", "--prune=now");   // HEAD's commit packed: the id plainly, the subject from jgit
        plainAndTrue(repo, repo);
    }

    @Test
    void everyOtherLayoutIsLeftToJgit() throws Exception {
        Path repo = repo();
        assertNull(PlainGitDir.find(repo, Map.of("GIT_DIR", repo.resolve(".git").toString())), "git's environment: jgit reads it");
        assertNull(PlainGitDir.find(repo, Map.of("GIT_CEILING_DIRECTORIES", tmp.toString())));

        // a linked worktree: .git is a file
        Path linked = tmp.resolve("linked");
        GitCli.git(repo, "worktree", "add", "-q", "-b", "other", linked.toString());
        assertNull(PlainGitDir.find(linked, Map.of()));
        assertEquals(GitCli.git(linked, "rev-parse", "HEAD"), new JgitConfigGit().revision(linked).orElseThrow().sha());

        // HEAD naming a ref outside refs/heads, or one that would climb out
        Path gitDir = repo.resolve(".git");
        String head = Files.readString(gitDir.resolve("HEAD"));
        Files.writeString(gitDir.resolve("HEAD"), "ref: refs/remotes/origin/main\n");
        assertNull(PlainGitDir.head(gitDir));
        Files.writeString(gitDir.resolve("HEAD"), "ref: refs/heads/../../../../etc/hostname\n");
        assertNull(PlainGitDir.head(gitDir));
        Files.writeString(gitDir.resolve("HEAD"), "ref: refs/heads/main\r\n");
        assertNull(PlainGitDir.head(gitDir), "not as git writes it");
        Files.writeString(gitDir.resolve("HEAD"), head);
        assertNotNull(PlainGitDir.head(gitDir));

        // a link where HEAD, the branch's ref or packed-refs is (planted by whoever can write the tree): never read through
        Path elsewhere = Files.writeString(tmp.resolve("elsewhere"), GitCli.git(repo, "rev-parse", "HEAD~1") + "\n");
        Path ref = gitDir.resolve("refs/heads/main");
        String branch = Files.readString(ref);
        Files.delete(ref);
        Files.createSymbolicLink(ref, elsewhere);
        assertNull(PlainGitDir.head(gitDir), "a linked ref is left to jgit");
        Files.delete(ref);
        Files.writeString(ref, branch);
        Files.move(gitDir.resolve("HEAD"), tmp.resolve("HEAD.real"));
        Files.createSymbolicLink(gitDir.resolve("HEAD"), tmp.resolve("HEAD.real"));
        assertNull(PlainGitDir.head(gitDir), "a linked HEAD too");
        Files.delete(gitDir.resolve("HEAD"));
        Files.move(tmp.resolve("HEAD.real"), gitDir.resolve("HEAD"));
        GitCli.git(repo, "pack-refs", "--all");
        Files.move(gitDir.resolve("packed-refs"), tmp.resolve("packed-refs.real"));
        Files.createSymbolicLink(gitDir.resolve("packed-refs"), tmp.resolve("packed-refs.real"));
        assertNull(PlainGitDir.head(gitDir), "and a linked packed-refs");
        Files.delete(gitDir.resolve("packed-refs"));
        Files.move(tmp.resolve("packed-refs.real"), gitDir.resolve("packed-refs"));
        assertEquals(GitCli.git(repo, "rev-parse", "HEAD"), PlainGitDir.head(gitDir).name());

        // an unborn branch: no id plainly, and jgit says there is no revision
        Path empty = tmp.resolve("empty");
        GitCli.git(tmp, "init", "-q", "-b", "main", empty.toString());
        assertNull(PlainGitDir.find(empty, Map.of()));
        assertEquals(Optional.empty(), new JgitConfigGit().revision(empty));
        assertEquals(Optional.of(empty), new JgitConfigGit().workTree(empty));

        // a .git directory that is not a repository
        Path broken = Files.createDirectories(tmp.resolve("broken/.git"));
        assertNull(PlainGitDir.find(broken.getParent(), Map.of()));

        // no repository at all
        Path none = Files.createDirectories(tmp.resolve("none"));
        assertEquals(Optional.empty(), new JgitConfigGit().revision(none));
    }
}
