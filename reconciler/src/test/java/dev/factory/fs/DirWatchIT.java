package dev.factory.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * File notifications on the real filesystem: every change made before {@link DirWatch#sync} has
 * marked its unit by the time sync returns (no sleep anywhere between a change and the sync).
 */
class DirWatchIT {
    @TempDir
    Path tmp;

    DirWatch watch;
    Path dir;
    Path file;

    @BeforeEach
    void setUp() throws Exception {
        watch = DirWatch.open();
        dir = Files.createDirectories(tmp.resolve("ctx/sub"));
        file = Files.writeString(dir.resolve("f.txt"), "one\n");
        assertTrue(watch.watch("unit", tmp.resolve("ctx")));
        assertTrue(watch.watch("unit", dir));
        watch.sync();
        assertTrue(watch.unchanged("unit"), "nothing happened yet");
    }

    @AfterEach
    void tearDown() {
        watch.close();
    }

    @Test
    void quietDirectoriesStayUnchangedAcrossSyncs() {
        for (int i = 0; i < 5; i++) {
            watch.sync();
            assertTrue(watch.unchanged("unit"));
        }
        assertEquals(2, watch.watchedDirectories());
    }

    @Test
    void aWriteIsSeenByTheNextSync() throws Exception {
        Files.writeString(file, "two\n");
        watch.sync();
        assertFalse(watch.unchanged("unit"));
    }

    @Test
    void aWriteMadeJustBeforeTheSyncIsSeenEveryTime() throws Exception {
        for (int i = 0; i < 200; i++) {
            Files.writeString(file, "write " + i + "\n");
            watch.sync();
            assertFalse(watch.unchanged("unit"), "write " + i + " seen");
            watch.forget("unit");
            assertTrue(watch.watch("unit", tmp.resolve("ctx")));
            assertTrue(watch.watch("unit", dir));
            watch.sync();
            assertTrue(watch.unchanged("unit"));
        }
    }

    @Test
    void aCreateADeleteAChmodAndARenameAreEachSeen() throws Exception {
        Runnable[] changes = {
            () -> io(() -> Files.writeString(dir.resolve("new.txt"), "x")),
            () -> io(() -> Files.delete(file)),
            () -> io(() -> Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"))),
            () -> io(() -> Files.move(file, dir.resolve("moved.txt"))),
            () -> io(() -> Files.createDirectory(tmp.resolve("ctx/other"))),
        };
        for (int i = 0; i < changes.length; i++) {
            if (i > 0) {   // a fresh start for each change
                watch.forget("unit");
                if (!Files.exists(file)) Files.writeString(file, "one\n");
                assertTrue(watch.watch("unit", tmp.resolve("ctx")));
                assertTrue(watch.watch("unit", dir));
                watch.sync();
                assertTrue(watch.unchanged("unit"), "change " + i + ": quiet before it");
            }
            changes[i].run();
            watch.sync();
            assertFalse(watch.unchanged("unit"), "change " + i + " seen");
        }
    }

    @Test
    void aWatchedDirectoryRemovedOrSwappedForALinkIsSeen() throws Exception {
        Files.delete(file);
        Files.delete(dir);
        Files.createSymbolicLink(dir, tmp);
        watch.sync();
        assertFalse(watch.unchanged("unit"));
    }

    @Test
    void aDirectoryThatCannotBeWatchedNeverCountsAsUnchanged() {
        assertFalse(watch.watch("other", tmp.resolve("missing")));
        watch.sync();
        assertFalse(watch.unchanged("other"));
        assertFalse(watch.unchanged("never-watched"));
    }

    @Test
    void aForgottenUnitIsUnwatchedAndAChangeOnlyMarksTheUnitsThatWatchIt() throws Exception {
        assertTrue(watch.watch("elsewhere", tmp));
        watch.sync();
        Files.writeString(tmp.resolve("top.txt"), "t");
        watch.sync();
        assertFalse(watch.unchanged("elsewhere"));
        assertTrue(watch.unchanged("unit"), "nothing changed in its directories");
        watch.forget("elsewhere");
        watch.forget("unit");
        assertEquals(0, watch.watchedDirectories());
    }

    @Test
    void aWatchOnOneNameIgnoresItsNeighboursAndSeesEveryChangeToItsOwn() throws Exception {
        Path ctx = tmp.resolve("ctx");
        Runnable[] changes = {
            () -> io(() -> Files.setPosixFilePermissions(ctx, PosixFilePermissions.fromString("rwx------"))),
            () -> io(() -> Files.move(ctx, tmp.resolve("ctx-old"))),
            () -> io(() -> Files.createSymbolicLink(ctx, tmp.resolve("ctx-old"))),
            () -> io(() -> Files.delete(ctx)),
        };
        for (int i = 0; i < changes.length; i++) {
            watch.forget("path");
            assertTrue(watch.watch("path", tmp, "ctx"));
            assertTrue(watch.watch("listing", tmp));
            watch.sync();
            Files.writeString(tmp.resolve("neighbour.log"), "line " + i + "\n");
            Files.createDirectories(tmp.resolve("ctx-neighbour"));
            watch.sync();
            assertTrue(watch.unchanged("path"), "change " + i + ": a neighbour's write is not the path's");
            assertFalse(watch.unchanged("listing"), "change " + i + ": but it is the directory's");
            watch.forget("listing");
            changes[i].run();
            watch.sync();
            assertFalse(watch.unchanged("path"), "change " + i + " to the name itself seen");
        }
    }

    @Test
    void aUnitWatchingANameAndTheWholeDirectoryIsChangedByAnyEntry() throws Exception {
        assertTrue(watch.watch("both", tmp, "ctx"));
        assertTrue(watch.watch("both", tmp));
        watch.sync();
        Files.writeString(tmp.resolve("neighbour.log"), "x");
        watch.sync();
        assertFalse(watch.unchanged("both"));
        watch.forget("both");
        assertEquals(2, watch.watchedDirectories(), "the unit's key let go; the set-up's two stay");
    }

    @Test
    void manyUnitsOnOneNameAreEachMarkedAndEachLetGoAlone() throws Exception {
        Path shared = Files.createDirectories(tmp.resolve("shared"));
        Path own = Files.createDirectories(tmp.resolve("own"));
        int before = watch.watchedDirectories();
        for (String unit : java.util.List.of("a", "b", "c")) assertTrue(watch.watch(unit, shared, "f"));
        assertTrue(watch.watch("a", shared, "g"));
        assertTrue(watch.watch("a", shared, "g"), "watched twice: still one entry");
        assertTrue(watch.watch("c", own));
        assertEquals(before + 2, watch.watchedDirectories());
        watch.sync();
        Files.writeString(shared.resolve("g"), "g");
        watch.sync();
        assertFalse(watch.unchanged("a"), "a watches g");
        assertTrue(watch.unchanged("b"));
        assertTrue(watch.unchanged("c"));
        watch.forget("a");
        Files.writeString(shared.resolve("f"), "f");
        watch.sync();
        assertFalse(watch.unchanged("b"), "b and c watch f: both marked");
        assertFalse(watch.unchanged("c"));
        watch.forget("b");
        assertTrue(watch.watch("b", shared, "f"));
        watch.forget("c");
        assertTrue(watch.watch("c", own));
        watch.sync();
        assertTrue(watch.unchanged("b"), "watched afresh");
        assertTrue(watch.unchanged("c"));
        Files.writeString(own.resolve("x"), "x");
        watch.sync();
        assertFalse(watch.unchanged("c"), "c's second directory");
        assertTrue(watch.unchanged("b"));
        watch.forget("c");
        assertEquals(before + 1, watch.watchedDirectories(), "own is unwatched with its last unit; shared keeps b");
        watch.forget("b");
        assertEquals(before, watch.watchedDirectories());
    }

    @Test
    void afterCloseNothingIsUnchanged() {
        watch.close();
        watch.sync();
        assertFalse(watch.unchanged("unit"));
        assertFalse(watch.watch("unit", dir));
    }

    interface Io {
        void run() throws Exception;
    }

    private static void io(Io io) {
        try {
            io.run();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
