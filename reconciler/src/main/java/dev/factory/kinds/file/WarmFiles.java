package dev.factory.kinds.file;

import static dev.factory.fs.UnixAttributes.nanos;

import dev.factory.fs.DirWatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Rendered files as a long-running process (the daemon's plan server, bench-plan) last read them,
 * reused while both hold:
 * <ul>
 * <li>no file notification came about any name on the way to the file, in any directory from
 *     {@code /} down ({@link DirWatch}): that entry created, removed, renamed or re-moded, a link
 *     planted on the way, would have sent one. Other entries of those directories are not the
 *     file's business (a log written beside it, the state dir's lock) and do not count;</li>
 * <li>the file's own {@code lstat} is what it was when read (inode, size, mtime, ctime, link count,
 *     mode), and was settled then: its ctime more than {@link #RACY_NANOS} before the read. The
 *     kernel sets ctime on every write, chmod and link, and nobody can set it back, so a write
 *     through another name of the file (a hard link elsewhere sends no notification here) still
 *     shows; a write in the same clock tick as the read is what the settling rules out, as git's
 *     index does.</li>
 * </ul>
 * Anything else (a directory that cannot be watched, a file changing while it is read) is read
 * again by handle, as without this.
 */
public final class WarmFiles {
    static final long RACY_NANOS = 2_000_000_000L;
    private static final String STAT = "unix:ino,size,lastModifiedTime,ctime,nlink,mode";

    /** What lstat says; {@link #ABSENT} when nothing is there. */
    record Stamp(long inode, long size, long mtimeNanos, long ctimeNanos, int links, int mode) {}

    static final Stamp ABSENT = new Stamp(-1, -1, -1, -1, -1, -1);

    private record Kept(OnDisk.State state, Stamp stamp) {}

    private final DirWatch watch;
    private final java.util.function.LongSupplier clock;
    private final Map<Path, Kept> kept = new HashMap<>();
    private long reads;

    public WarmFiles(DirWatch watch) {
        this(watch, dev.factory.runtime.Timing::epochNanosNow);
    }

    WarmFiles(DirWatch watch, java.util.function.LongSupplier clock) {
        this.watch = watch;
        this.clock = clock;
    }

    /** Takes the notifications of every change made so far; an observation calls it before reading files. */
    void sync() {
        watch.sync();
    }

    /** The file as last read when nothing changed since, else read now by handle ({@link OnDisk#read}). */
    synchronized OnDisk.State read(Path path) throws IOException {
        Kept last = kept.get(path);
        if (last != null && watch.unchanged(path) && last.stamp().equals(stamp(path))) return last.state();
        kept.remove(path);
        watch.forget(path);
        boolean watchedAll = true;
        for (Path on = path, dir = path.getParent(); dir != null; on = dir, dir = dir.getParent()) {
            watchedAll &= watch.watch(path, dir, on.getFileName().toString());   // only the name on the way: not its neighbours
        }
        long readAt = clock.getAsLong();
        reads++;
        Stamp before = stamp(path);
        OnDisk.State state = OnDisk.read(path);
        if (watchedAll && before.equals(stamp(path)) && settled(before, readAt)) kept.put(path, new Kept(state, before));
        return state;
    }

    /** How many files were read from disk rather than reused (tests, bench). */
    synchronized long reads() {
        return reads;
    }

    /** Whether a change in the same clock tick as a read at {@code readAt} is ruled out. */
    static boolean settled(Stamp stamp, long readAt) {
        return stamp.equals(ABSENT) || (stamp.ctimeNanos() < readAt - RACY_NANOS && stamp.mtimeNanos() < readAt - RACY_NANOS);
    }

    /** Forgets (and unwatches for) every file but {@code paths}. */
    synchronized void retain(Set<Path> paths) {
        for (Path p : Set.copyOf(kept.keySet())) {
            if (!paths.contains(p)) {
                kept.remove(p);
                watch.forget(p);
            }
        }
    }

    static Stamp stamp(Path path) throws IOException {
        Map<String, Object> a;
        try {
            a = Files.readAttributes(path, STAT, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return ABSENT;
        } catch (IOException e) {
            return new Stamp(-2, -2, -2, -2, -2, -2);   // unreadable: never equal to what a read saw
        }
        return new Stamp((Long) a.get("ino"), (Long) a.get("size"), nanos(a.get("lastModifiedTime")), nanos(a.get("ctime")),
                (Integer) a.get("nlink"), (Integer) a.get("mode"));
    }
}
