package dev.factory.kinds.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plan's rendered files read with one walk to each directory ({@link OnDisk#readAll}) answer
 * what a read of each alone answers, for every shape an agent can give a path: a file, an
 * absent one, a link, a directory, a FIFO, a file too big, and a parent that is itself a
 * planted link or missing, with other files beside each.
 */
class OnDiskReadAllIT {
    @TempDir
    Path tmp;

    private void assertSameAsAlone(List<Path> paths) throws Exception {
        var all = OnDisk.readAll(paths);
        assertEquals(paths.size(), all.size());
        for (Path p : paths) {
            OnDisk.Read grouped = all.get(p);
            assertNotNull(grouped, p.toString());
            OnDisk.State alone;
            try {
                alone = OnDisk.read(p);
            } catch (java.io.IOException e) {
                assertNull(grouped.state(), p + ": read alone, it failed: " + e.getMessage());
                assertEquals(e.getMessage(), grouped.error().getMessage(), p.toString());
                continue;
            }
            assertNull(grouped.error(), p + ": " + grouped.error());
            assertArrayEquals(alone.content(), grouped.state().content(), p.toString());
            assertEquals(alone.mode(), grouped.state().mode(), p.toString());
            assertEquals(alone.blocked(), grouped.state().blocked(), p.toString());
        }
    }

    @Test
    void everyShapeOfPathAnswersAsItsOwnReadWould() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("rendered"));
        var paths = new ArrayList<Path>();
        for (int i = 0; i < 5; i++) paths.add(Files.writeString(dir.resolve("f" + i + ".toml"), "file " + i + "\n"));
        Files.setPosixFilePermissions(paths.get(1), PosixFilePermissions.fromString("rw-------"));
        paths.add(dir.resolve("absent.toml"));
        Path secret = Files.writeString(tmp.resolve("secret"), "not yours\n");
        paths.add(Files.createSymbolicLink(dir.resolve("link.toml"), secret));
        paths.add(Files.createDirectories(dir.resolve("a-dir.toml")));
        Path fifo = dir.resolve("fifo.toml");
        new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor();
        paths.add(fifo);
        Path big = dir.resolve("big.toml");
        try (var ch = java.nio.channels.FileChannel.open(big, java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(0);
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {1}), FileKind.MAX_FILE);   // sparse: one byte past the limit
        }
        paths.add(big);
        assertSameAsAlone(paths);

        var all = OnDisk.readAll(paths);
        assertEquals("file 0\n", new String(all.get(paths.get(0)).state().content()));
        assertEquals("0600", all.get(paths.get(1)).state().mode());
        assertNull(all.get(dir.resolve("absent.toml")).state().content());
        assertTrue(all.get(dir.resolve("link.toml")).state().blocked().contains("symbolic link"), "a link is reported, not read through");
        assertNull(all.get(dir.resolve("link.toml")).state().content());
        assertTrue(all.get(fifo).state().blocked().contains("not a regular file"));
        assertNotNull(all.get(big).error(), "a file past the limit is not read");
    }

    @Test
    void aParentThatIsAPlantedLinkOrMissingIsReportedForEachFileInIt() throws Exception {
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.writeString(elsewhere.resolve("a.toml"), "planted\n");
        Files.writeString(elsewhere.resolve("b.toml"), "planted\n");
        Path linked = Files.createSymbolicLink(tmp.resolve("home"), elsewhere);   // tmp is the test's, not root's: no link is trusted there
        Path missing = tmp.resolve("gone");
        var paths = List.of(linked.resolve("a.toml"), linked.resolve("b.toml"), missing.resolve("a.toml"), missing.resolve("b.toml"));
        assertSameAsAlone(paths);
        var all = OnDisk.readAll(paths);
        for (Path p : paths.subList(0, 2)) {
            assertNull(all.get(p).state().content(), p + " was read through a planted link");
            assertTrue(all.get(p).state().blocked() != null, p.toString());
        }
        for (Path p : paths.subList(2, 4)) assertEquals(new OnDisk.State(null, null), all.get(p).state());
    }
}
