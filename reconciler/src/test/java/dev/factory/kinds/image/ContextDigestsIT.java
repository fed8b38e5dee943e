package dev.factory.kinds.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The context digest cache on a real filesystem: reused only while a file's stat is unchanged. */
class ContextDigestsIT {
    private static final FileTime AN_HOUR_AGO = FileTime.from(Instant.now().minusSeconds(3600));

    @TempDir
    Path ctx;
    @TempDir
    Path cache;

    private ImageSpec spec() {
        return new ImageSpec("app", ctx, ctx.resolve("Dockerfile"), "scratch", Map.of(), Map.of(), null);
    }

    private record Read(String digest, int hashed) {}

    /**
     * Reads with no racy window: a test cannot age a file's ctime, and every file here was written
     * before the walk began. {@link #aFileWrittenDuringTheWalkWindowIsNotTrustedNextTime} uses the real window.
     */
    private Read read() throws Exception {
        return read(0);
    }

    private Read read(long racyNanos) throws Exception {
        var digests = ContextDigests.load(cache, "app", racyNanos);
        String digest = BuildContext.read(spec(), digests).inputs().digest("scratch");
        return new Read(digest, digests.hashed());
    }

    private Path settled(String name, String content) throws Exception {
        Path file = ctx.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        Files.setLastModifiedTime(file, AN_HOUR_AGO);
        return file;
    }

    @BeforeEach
    void context() throws Exception {
        settled("Dockerfile", "FROM scratch\nCOPY . /\n");
        for (int i = 0; i < 20; i++) settled("src/f" + i + ".txt", "file " + i);
    }

    private Path cacheFile() throws Exception {
        try (var files = Files.list(cache)) {
            return files.filter(p -> p.toString().endsWith(".tsv")).findFirst().orElseThrow();
        }
    }

    @Test
    void anUnchangedWalkLeavesTheFileAndARemovedFileLeavesIt() throws Exception {
        read();
        Path file = cacheFile();
        Object inode = Files.getAttribute(file, "unix:ino");
        String written = Files.readString(file);
        assertEquals(0, read().hashed());
        assertEquals(inode, Files.getAttribute(cacheFile(), "unix:ino"), "nothing changed: not written again");

        Files.delete(ctx.resolve("src/f7.txt"));   // as many files remembered, one fewer walked: not the same map
        assertEquals(0, read().hashed());
        String after = Files.readString(cacheFile());
        assertNotEquals(inode, Files.getAttribute(cacheFile(), "unix:ino"), "written again");
        assertEquals(written.lines().count() - 1, after.lines().count());
        assertEquals(false, after.contains("src/f7.txt"));
        assertEquals(true, written.contains("src/f7.txt"));
    }

    @Test
    void anUnchangedContextIsHashedWithoutReadingItsFilesAgain() throws Exception {
        Read first = read();
        Read second = read();

        assertEquals(21, first.hashed());
        assertEquals(0, second.hashed(), "every file's stat is unchanged");
        assertEquals(first.digest(), second.digest());
        assertEquals(first.digest(), BuildContext.read(spec()).inputs().digest("scratch"), "the cache never changes the answer");
    }

    @Test
    void anEditThatKeepsSizeAndMtimeIsStillSeen() throws Exception {
        Read before = read();
        Path file = ctx.resolve("src/f3.txt");
        Files.writeString(file, "FILE 3");            // same length
        Files.setLastModifiedTime(file, AN_HOUR_AGO);  // and the old mtime, as `touch -r` or an archive extract would leave it

        Read after = read();

        assertEquals(1, after.hashed(), "the ctime moved, so the digest was not trusted");
        assertNotEquals(before.digest(), after.digest());
    }

    @Test
    void aFileWrittenDuringTheWalkWindowIsNotTrustedNextTime() throws Exception {
        // every file here was written (ctime) within the last two seconds
        Files.writeString(ctx.resolve("src/fresh.txt"), "just written");
        read(ContextDigests.RACY_NANOS);

        assertEquals(21 + 1, read(ContextDigests.RACY_NANOS).hashed(), "written (ctime) within the racy window: hashed again rather than remembered");
    }

    @Test
    void theExecutableBitIsReadFromEachWalkNotTheCache() throws Exception {
        Read before = read();
        ctx.resolve("src/f1.txt").toFile().setExecutable(true);

        Read after = read();

        assertNotEquals(before.digest(), after.digest());
    }

    @Test
    void anImageNoLongerDeclaredLeavesNoDigestsBehind() throws Exception {
        var state = new dev.factory.state.StateDir(cache.resolve("state"));
        Files.createDirectories(state.root());
        // the same context with another Dockerfile: remembered apart
        var other = new ImageSpec("other", ctx, ctx.resolve("src/f1.txt"), "scratch", Map.of(), Map.of(), null);
        assertEquals(21, hashed(state, spec()));
        assertEquals(21, hashed(state, other));
        assertEquals(0, hashed(state, other), "remembered");

        assertEquals(java.util.List.of(), ContextDigests.retain(state, java.util.List.of(spec(), other)), "both declared: both kept");
        assertEquals(1, ContextDigests.retain(state, java.util.List.of(spec())).size());

        assertEquals(0, hashed(state, spec()), "the declared image's digests are still remembered");
        assertEquals(21, hashed(state, other), "the other's were deleted: hashed afresh");
        try (var files = Files.list(state.contextCacheDir())) {
            assertEquals(2, files.count(), "and written again");
        }
    }

    private static int hashed(dev.factory.state.StateDir state, ImageSpec spec) throws Exception {
        var digests = ContextDigests.of(state, spec, 0);
        BuildContext.read(spec, digests);
        return digests.hashed();
    }

    @Test
    void aCorruptCacheOnlyCostsAFullRehash() throws Exception {
        Read good = read();
        try (var files = Files.list(cache)) {
            for (Path f : files.toList()) Files.writeString(f, "factory-context-digests-v1\nnot\ta\tvalid\tline\n");
        }

        Read after = read();

        assertEquals(21, after.hashed());
        assertEquals(good.digest(), after.digest());
        assertEquals(0, read().hashed(), "rewritten after the rehash");
    }
}
