package dev.factory.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.kinds.repo.Clones;
import dev.factory.kinds.repo.RepoSpec;
import dev.factory.kinds.repo.RepoState;
import dev.factory.testing.GitCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every case of {@link WarmClonesIT} again, each plan in a process of its own: a fresh keeper
 * each observation, remembering only what the last one wrote to the state dir's cache
 * ({@link WarmClones#persisted}, the CLI's). Each change an agent makes between two plans is read
 * by the second one; an unchanged clone is read by neither.
 */
class PersistedClonesIT extends WarmClonesIT {
    private final List<WarmClones> processes = new ArrayList<>();

    private Path cacheDir() {
        return tmp.resolve("state/cache/clones");
    }

    @Override
    WarmClones keeper() {
        var process = new WarmClones(() -> now, List.of(global), cacheDir());
        processes.add(process);
        return process;
    }

    @Override
    long reads() {
        return processes.stream().mapToLong(WarmClones::reads).sum();
    }

    private Path file() {
        return CloneReads.file(cacheDir(), clone.toAbsolutePath().normalize());
    }

    @Test
    void aRepoNoLongerDeclaredLeavesNoFileBehind() throws Exception {
        new JgitClones(null, keeper()).observe(spec, Clones.Fetch.NONE);
        assertTrue(Files.isRegularFile(file()));
        Path other = tmp.resolve("another-clone").toAbsolutePath().normalize();
        var still = new RepoSpec("r", spec.url(), clone, "main", null, null, null, java.time.Duration.ofHours(1));

        new JgitClones(null, keeper()).retain(List.of(still), Clones.Fetch.NONE);
        assertTrue(Files.isRegularFile(file()), "still declared: kept");

        new JgitClones(null, keeper()).retain(List.of(new RepoSpec("o", spec.url(), other, "main", null, null, null, java.time.Duration.ofHours(1))), Clones.Fetch.NONE);
        assertFalse(Files.exists(file()), "no longer declared: its file is deleted");
        assertEquals(List.of(), new WarmClones().retain(List.of()), "the daemon's keeper has nothing on disk to delete");
    }

    @Test
    void aPlanOfAnUnchangedCloneWritesNothing() throws Exception {
        new JgitClones(null, keeper()).observe(spec, Clones.Fetch.NONE);
        new JgitClones(null, keeper()).observe(spec, Clones.Fetch.NONE);
        var before = Files.readAttributes(file(), "unix:ino,ctime");
        String content = Files.readString(file());
        assertTrue(content.contains("\"stamp\":\""), "the settled read is kept with its stamp: " + content);
        long reads = reads();
        for (int i = 0; i < 3; i++) new JgitClones(null, keeper()).observe(spec, Clones.Fetch.NONE);
        assertEquals(reads, reads());
        assertEquals(before, Files.readAttributes(file(), "unix:ino,ctime"), "the file was not replaced");
    }

    @Test
    void aCorruptForeignOrOversizedFileIsNoMemory() throws Exception {
        new JgitClones(null, keeper()).observe(spec, Clones.Fetch.NONE);
        new JgitClones(null, keeper()).observe(spec, Clones.Fetch.NONE);
        String good = Files.readString(file());
        Path key = clone.toAbsolutePath().normalize();
        assertNotNull(CloneReads.load(cacheDir(), key));

        Files.writeString(file(), good.substring(0, good.length() / 2));
        assertNull(CloneReads.load(cacheDir(), key), "cut short");
        Files.writeString(file(), good.replace(CloneReads.FORMAT, "factory-clone-read-v0"));
        assertNull(CloneReads.load(cacheDir(), key), "another version's");
        Files.writeString(file(), good.replace("\"changed\":0", "\"changed\":\"0\""));
        assertNull(CloneReads.load(cacheDir(), key), "a field of the wrong type");
        Path other = tmp.resolve("other");
        Files.writeString(CloneReads.file(cacheDir(), other), good);
        assertNull(CloneReads.load(cacheDir(), other), "a file naming another clone");
        Files.writeString(file(), good + " ".repeat((int) CloneReads.MAX_BYTES));
        assertNull(CloneReads.load(cacheDir(), key), "bigger than factory writes");
        Files.delete(file());
        Files.createSymbolicLink(file(), tmp.resolve("planted.json"));
        Files.writeString(tmp.resolve("planted.json"), good);
        assertNull(CloneReads.load(cacheDir(), key), "a link is not followed");

        long reads = reads();
        Files.writeString(clone.resolve("notes.txt"), "new\n");
        RepoState read = new JgitClones(null, keeper()).observe(spec, Clones.Fetch.NONE);
        assertEquals(reads + 1, reads(), "read afresh");
        assertEquals(new JgitClones().observe(spec, Clones.Fetch.NONE), read);
        assertTrue(Files.isRegularFile(file(), java.nio.file.LinkOption.NOFOLLOW_LINKS), "the link was replaced, not written through");
        assertEquals(good, Files.readString(tmp.resolve("planted.json")), "the link's target is untouched");
    }

    @Test
    void aReadHoldingASecretValueIsNotKeptOnDisk() throws Exception {
        String token = "tok-" + java.util.UUID.randomUUID();
        dev.factory.secrets.Masker.register(token);
        String url = "https://factory:" + token + "@example.invalid/r.git";
        dev.factory.testing.GitCli.git(clone, "config", "remote.origin.url", url);
        spec = new RepoSpec("r", url, clone, "main", null, null, null, java.time.Duration.ofHours(1));
        for (int i = 0; i < 3; i++) {
            RepoState read = new JgitClones(null, keeper()).observe(spec, Clones.Fetch.NONE);
            assertEquals(url, read.originUrl(), "read back as it is, never masked");
        }
        assertTrue(!Files.exists(file(), java.nio.file.LinkOption.NOFOLLOW_LINKS), "no file holds the secret, masked or not");
    }

    @Test
    void aReadAndItsCountsSurviveTheRoundTrip() throws Exception {
        GitCli.commit(clone, "local.txt", "l\n", "local work");
        var remote = new RepoSpec("r", "file://" + bare, clone, "main", null, null, null, java.time.Duration.ofHours(1));
        Path cache = Files.createDirectories(tmp.resolve("state/cache/remotes"));
        RepoState first = new JgitClones(null, keeper()).observe(remote, Clones.Fetch.intoCache(cache, true));
        assertEquals(2, first.ahead(), "the set-up's commit and local work");
        new JgitClones(null, keeper()).observe(remote, Clones.Fetch.intoCache(cache, false));
        var saved = CloneReads.load(cacheDir(), clone.toAbsolutePath().normalize());
        assertNotNull(saved.counts());
        assertEquals(2, saved.counts().ahead());
        assertEquals("main", saved.local().asked());
        long reads = reads();
        RepoState again = new JgitClones(null, keeper()).observe(remote, Clones.Fetch.intoCache(cache, false));
        assertEquals(reads, reads(), "neither the clone nor its counts were read again");
        assertEquals(first.ahead(), again.ahead());
        assertEquals(first.head(), again.head());
    }
}
