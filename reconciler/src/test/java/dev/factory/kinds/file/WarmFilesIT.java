package dev.factory.kinds.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.fs.DirWatch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rendered files kept read between a long-running process's plans: reused while nothing changed,
 * and every way an agent could change one (an edit, a chmod, a write through a hard link made
 * elsewhere, an edit that puts the mtime back, a link planted on the way) read again at once.
 */
class WarmFilesIT {
    @TempDir
    Path tmp;

    DirWatch watch;
    WarmFiles warm;
    long now;
    Path file;

    @BeforeEach
    void setUp() throws Exception {
        watch = DirWatch.open();
        file = Files.writeString(Files.createDirectories(tmp.resolve("home/.codex")).resolve("config.toml"), "model = \"a\"\n");
        now = System.currentTimeMillis() * 1_000_000L + 10_000_000_000L;   // the file is settled: written 10 s "ago"
        warm = new WarmFiles(watch, () -> now);
    }

    @AfterEach
    void tearDown() {
        watch.close();
    }

    private OnDisk.State plan() throws Exception {
        warm.sync();
        return warm.read(file);
    }

    private String text(OnDisk.State state) {
        return state.content() == null ? null : new String(state.content(), StandardCharsets.UTF_8);
    }

    @Test
    void anUnchangedSettledFileIsReadOnce() throws Exception {
        assertEquals("model = \"a\"\n", text(plan()));
        for (int i = 0; i < 5; i++) assertEquals("model = \"a\"\n", text(plan()));
        assertEquals(1, warm.reads());
    }

    @Test
    void aFileChangedWithinTheRacyWindowOfItsReadIsReadEveryTime() throws Exception {
        now = System.currentTimeMillis() * 1_000_000L;   // the read happens in the same moment as the write
        plan();
        plan();
        assertEquals(2, warm.reads());
    }

    @Test
    void anEditIsSeenAtOnce() throws Exception {
        plan();
        Files.writeString(file, "model = \"b\"\n");
        assertEquals("model = \"b\"\n", text(plan()));
    }

    @Test
    void aChmodIsSeen() throws Exception {
        assertEquals("0644", plan().mode());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertEquals("0600", plan().mode());
    }

    @Test
    void aWriteThroughAHardLinkElsewhereWithTheMtimePutBackIsSeen() throws Exception {
        Path elsewhere = Files.createDirectories(tmp.resolve("workspace")).resolve("innocent.txt");
        Files.createLink(elsewhere, file);   // made before the read: the link count tells nothing later
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        plan();
        plan();
        assertEquals(1, warm.reads(), "kept");
        FileTime mtime = Files.getLastModifiedTime(file);
        Files.writeString(elsewhere, "model = \"c\"\n");   // same length; no notification reaches the file's directory
        Files.setLastModifiedTime(elsewhere, mtime);
        assertEquals("model = \"c\"\n", text(plan()), "the ctime moved; nobody can put it back");
    }

    @Test
    void aRemovedFileAndOneThatComesBackAreSeen() throws Exception {
        plan();
        Files.delete(file);
        assertNull(plan().content());
        Files.writeString(file, "back\n");
        assertEquals("back\n", text(plan()));
    }

    @Test
    void aDirectoryOnTheWaySwappedForALinkIsBlockedAtOnce() throws Exception {
        plan();
        Path codex = tmp.resolve("home/.codex");
        Path decoy = Files.createDirectories(tmp.resolve("decoy"));
        Files.writeString(decoy.resolve("config.toml"), "model = \"a\"\n");
        Files.move(codex, tmp.resolve("home/.codex-old"));
        Files.createSymbolicLink(codex, decoy);
        var state = plan();
        assertNotNull(state.blocked(), "a link on the way is reported, never read through");
        assertTrue(state.blocked().contains("link"), state.blocked());
    }

    @Test
    void writesBesideTheFileAndBesideEachDirectoryOnTheWayAreNotReads() throws Exception {
        plan();
        Files.writeString(tmp.resolve("home/.codex/history.log"), "an agent's log\n");   // beside the file
        Files.writeString(tmp.resolve("home/state.lock"), "");                           // beside a directory on the way
        Files.writeString(tmp.resolve("daemon.log"), "a line\n");                        // further up
        Files.createDirectories(tmp.resolve("home/.claude"));
        plan();
        plan();
        assertEquals(1, warm.reads(), "none of them is on the file's path");
    }

    @Test
    void aDirectoryFurtherUpSwappedForALinkToACopyIsBlockedAtOnce() throws Exception {
        plan();
        Path copy = Files.createDirectories(tmp.resolve("copy/.codex"));
        Files.writeString(copy.resolve("config.toml"), "model = \"a\"\n");
        Files.move(tmp.resolve("home"), tmp.resolve("home-old"));
        Files.createSymbolicLink(tmp.resolve("home"), tmp.resolve("copy"));
        var state = plan();
        assertEquals(2, warm.reads(), "the name on the way changed: read again");
        assertNotNull(state.blocked(), "a link on the way is reported, never read through");
    }

    @Test
    void filesNoLongerObservedAreForgotten() throws Exception {
        plan();
        warm.retain(Set.of());
        plan();
        assertEquals(2, warm.reads());
        assertArrayEquals("model = \"a\"\n".getBytes(StandardCharsets.UTF_8), plan().content());
    }
}
