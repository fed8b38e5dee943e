package dev.factory.kinds.prune;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** How full a disk is. */
public record DiskUsage(Path path, long total, long used) {

    public static DiskUsage of(Path path) throws IOException {
        var store = Files.getFileStore(path);
        long total = store.getTotalSpace();
        return new DiskUsage(path, total, total - store.getUnallocatedSpace());
    }

    public double percent() {
        return total == 0 ? 0 : 100.0 * used / total;
    }
}
