package dev.factory.kinds.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How full a disk is, by statvfs, as the JDK's file store (which reads the mount table) says it. */
class DiskUsageIT {
    @TempDir
    Path tmp;

    @Test
    void theFiguresAreTheFileStoresAndAMissingPathIsAnError() throws Exception {
        var store = Files.getFileStore(tmp);
        var usage = DiskUsage.of(tmp);
        assertEquals(store.getTotalSpace(), usage.total());
        long used = store.getTotalSpace() - store.getUnallocatedSpace();
        assertTrue(Math.abs(usage.used() - used) < 64L << 20, "used " + usage.used() + " vs the store's " + used + " (other writers move it a little)");
        assertTrue(usage.used() > 0);
        assertThrows(NoSuchFileException.class, () -> DiskUsage.of(tmp.resolve("missing")));
    }
}
