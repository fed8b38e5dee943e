package dev.factory.fs;

import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;

/** Reading what {@code Files.readAttributes(path, "unix:...")} answers: the file type bits of a mode, times in nanoseconds. */
public final class UnixAttributes {
    public static final int S_IFMT = 0170000;
    public static final int S_IFDIR = 0040000;
    public static final int S_IFREG = 0100000;
    public static final int S_IFLNK = 0120000;

    private UnixAttributes() {}

    /** A {@code lastModifiedTime} or {@code ctime} attribute in nanoseconds since the epoch. */
    public static long nanos(Object fileTime) {
        return ((FileTime) fileTime).to(TimeUnit.NANOSECONDS);
    }
}
