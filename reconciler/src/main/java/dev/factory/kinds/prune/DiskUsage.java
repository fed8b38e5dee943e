package dev.factory.kinds.prune;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** How full a disk is. */
public record DiskUsage(Path path, long total, long used) {

    /**
     * The filesystem holding {@code path}, by one {@code statvfs}: {@code Files.getFileStore} parses
     * the whole mount table first (two lines per running container), which at 1,000 containers was
     * most of the prune kind's plan.
     */
    public static DiskUsage of(Path path) throws IOException {
        if (!Files.exists(path)) throw new java.nio.file.NoSuchFileException(path.toString());
        var file = path.toFile();
        long total = file.getTotalSpace();
        if (total == 0) throw new IOException("cannot read how full the disk of " + path + " is");
        return new DiskUsage(path, total, total - file.getFreeSpace());
    }

    public double percent() {
        return total == 0 ? 0 : 100.0 * used / total;
    }
}
