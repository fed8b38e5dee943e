package dev.factory.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.testing.GitCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The config's revision: HEAD's id and subject, read from HEAD's loose object when it is one, else
 * by jgit from the packs; what git itself says either way, and a loose file that is not HEAD's
 * commit (a link, another commit's bytes, too big) is never taken for it.
 */
class JgitConfigGitIT {
    @TempDir
    Path tmp;

    private Path repoWithTwoCommits() throws Exception {
        Path repo = tmp.resolve("config");
        GitCli.git(tmp, "init", repo.toString());
        GitCli.commit(repo, "factory.yaml", "host: {name: a}\n", "first commit");
        GitCli.commit(repo, "factory.yaml", "host: {name: b}\n", "second: the subject\nwrapped onto a second line\n\nand a body");
        return repo;
    }

    private static Path loose(Path repo, String id) {
        return repo.resolve(".git/objects").resolve(id.substring(0, 2)).resolve(id.substring(2));
    }

    @Test
    void aLooseHeadIsReadWithoutThePacksAndSaysWhatGitSays() throws Exception {
        Path repo = repoWithTwoCommits();
        String head = GitCli.git(repo, "rev-parse", "HEAD");
        String subject = GitCli.git(repo, "log", "-1", "--format=%s");
        assertEquals("second: the subject wrapped onto a second line", subject, "git's own subject joins the first paragraph");
        assertTrue(Files.isRegularFile(loose(repo, head)), "a fresh commit is a loose object");

        assertEquals(Optional.of(subject), JgitConfigGit.looseSubject(repo.resolve(".git/objects"), ObjectId.fromString(head)));
        var revision = new JgitConfigGit().revision(repo).orElseThrow();
        assertEquals(head, revision.sha());
        assertEquals(subject, revision.subject());
    }

    @Test
    void aPackedHeadIsLeftToJgitAndReadTheSame() throws Exception {
        Path repo = repoWithTwoCommits();
        GitCli.git(repo, "gc", "-q", "--prune=now");
        String head = GitCli.git(repo, "rev-parse", "HEAD");
        assertFalse(Files.exists(loose(repo, head)), "gc packed HEAD");

        assertEquals(Optional.empty(), JgitConfigGit.looseSubject(repo.resolve(".git/objects"), ObjectId.fromString(head)));
        var revision = new JgitConfigGit().revision(repo).orElseThrow();
        assertEquals(head, revision.sha());
        assertEquals(GitCli.git(repo, "log", "-1", "--format=%s"), revision.subject());
    }

    @Test
    void aLooseFileThatIsNotHeadsCommitIsNotTakenForIt() throws Exception {
        Path repo = repoWithTwoCommits();
        String head = GitCli.git(repo, "rev-parse", "HEAD");
        String first = GitCli.git(repo, "rev-parse", "HEAD~1");
        Path objects = repo.resolve(".git/objects");
        Path headFile = loose(repo, head);
        byte[] headBytes = Files.readAllBytes(headFile);

        // another commit's object under HEAD's name: a commit, well formed, but its SHA-1 is not HEAD's
        Files.delete(headFile);
        Files.copy(loose(repo, first), headFile);
        assertEquals(Optional.empty(), JgitConfigGit.looseSubject(objects, ObjectId.fromString(head)));

        // a link to HEAD's own bytes elsewhere: not followed
        Files.delete(headFile);
        Path elsewhere = tmp.resolve("elsewhere");
        Files.write(elsewhere, headBytes);
        Files.createSymbolicLink(headFile, elsewhere);
        assertEquals(Optional.empty(), JgitConfigGit.looseSubject(objects, ObjectId.fromString(head)));

        // not zlib at all
        Files.delete(headFile);
        Files.writeString(headFile, "not an object");
        assertEquals(Optional.empty(), JgitConfigGit.looseSubject(objects, ObjectId.fromString(head)));

        // a FIFO at HEAD's name: not opened (an open would wait for a writer that never comes)
        Files.delete(headFile);
        var mkfifo = new ProcessBuilder("mkfifo", headFile.toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor());
        assertTimeoutPreemptively(java.time.Duration.ofSeconds(20),
                () -> assertEquals(Optional.empty(), JgitConfigGit.looseSubject(objects, ObjectId.fromString(head))));

        // HEAD's own bytes, but its directory is a link to where they are: no link is followed on the way either
        Files.delete(headFile);
        Path fanout = headFile.getParent();
        Path moved = tmp.resolve("fanout-elsewhere");
        Files.move(fanout, moved);
        Files.write(moved.resolve(headFile.getFileName()), headBytes);
        Files.createSymbolicLink(fanout, moved);
        assertEquals(Optional.empty(), JgitConfigGit.looseSubject(objects, ObjectId.fromString(head)));
        Files.delete(fanout);
        Files.move(moved, fanout);

        // HEAD's own bytes again: read
        Files.delete(headFile);
        Files.write(headFile, headBytes);
        assertEquals(Optional.of("second: the subject wrapped onto a second line"), JgitConfigGit.looseSubject(objects, ObjectId.fromString(head)));
    }

    @Test
    void aLooseObjectBiggerThanTheLimitIsLeftToJgit() throws Exception {
        Path repo = tmp.resolve("big");
        GitCli.git(tmp, "init", repo.toString());
        Path message = tmp.resolve("message");
        Files.writeString(message, "big subject\n\n" + "x".repeat(JgitConfigGit.MAX_LOOSE_COMMIT));
        Files.writeString(repo.resolve("f"), "f\n");
        GitCli.git(repo, "add", "-A");
        GitCli.git(repo, "commit", "-q", "-F", message.toString());
        String head = GitCli.git(repo, "rev-parse", "HEAD");
        assertTrue(Files.isRegularFile(loose(repo, head)));
        assertEquals(Optional.empty(), JgitConfigGit.looseSubject(repo.resolve(".git/objects"), ObjectId.fromString(head)));
        assertEquals("big subject", new JgitConfigGit().revision(repo).orElseThrow().subject(), "jgit reads it");
    }
}
