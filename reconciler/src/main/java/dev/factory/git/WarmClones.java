package dev.factory.git;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * What a long-running process's plans (the daemon's plan server, bench-plan) last read of each
 * clone itself (its status, refs, origin, worktrees, filter drivers), reused while the clone's
 * {@link CloneStamp} is the same: one {@code lstat} per entry instead of jgit's status and ref
 * reads. A stamp is kept only when every entry in it was last touched more than {@link #RACY_NANOS}
 * before the walk began, so a write in the same clock tick as the walk cannot hide (the clone is
 * read again until it has been quiet that long). A clone that cannot be stamped is read every time.
 *
 * <p>{@link #persisted} keeps the same on disk ({@link CloneReads}) for plans that each run in a
 * process of their own (the CLI's): the next one stamps the clone and reuses the read while the
 * stamp is the same, by the same rules. The kernel's change times and inode numbers a stamp holds
 * are as true across processes as within one.
 *
 * <p>Only plans use this: apply reads a clone afresh before it fast-forwards one, so a mistaken
 * reuse could only ever show a wrong plan, never make a write a fresh read would not.
 */
public final class WarmClones {
    static final long RACY_NANOS = 2_000_000_000L;
    static final int MAX = 4096;

    /** What a clone's own files said at the last read. */
    record Local(String asked, String origin, String branch, String head, String localId, String cloneRemote, int changed, int untracked,
                 List<String> worktrees, List<String> filterDrivers, CloneStamp.Inputs inputs) {}

    /** Reads a clone's own files (a status and its refs). */
    @FunctionalInterface
    interface Reader {
        Local read() throws IOException;
    }

    private record Kept(CloneStamp.Stamp stamp, Local local) {}

    /** The ahead and behind counts between two commits: a function of the two ids alone. */
    record Counts(String local, String remote, int ahead, int behind) {}

    private final Map<Path, Kept> kept = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<Path, Counts> counts = new LinkedHashMap<>(16, 0.75f, true);
    /** Clones whose file in {@link #cacheDir} was consulted already. */
    private final java.util.Set<Path> loaded = new java.util.HashSet<>();
    private final LongSupplier clock;
    private final List<Path> globals;
    private final Path cacheDir;
    private long reads;

    /** Kept in memory only: the daemon's. */
    public WarmClones() {
        this(dev.factory.runtime.Timing::epochNanosNow, CloneStamp.globalConfigs(), null);
    }

    /** Kept in memory and in {@code cacheDir} too, for the plans of processes to come (see {@link CloneReads}). */
    public static WarmClones persisted(Path cacheDir) {
        return new WarmClones(dev.factory.runtime.Timing::epochNanosNow, CloneStamp.globalConfigs(), cacheDir);
    }

    WarmClones(LongSupplier clock, List<Path> globals) {
        this(clock, globals, null);
    }

    WarmClones(LongSupplier clock, List<Path> globals, Path cacheDir) {
        this.clock = clock;
        this.globals = globals;
        this.cacheDir = cacheDir;
    }

    /**
     * Deletes the files kept on disk (see {@link #persisted}) of every clone but {@code clones},
     * those the config declares: a repo no longer declared leaves no file behind. Memory is left as
     * it is (it holds at most {@link #MAX} clones). Returns the files deleted; none when nothing is
     * kept on disk.
     */
    public List<String> retain(java.util.Collection<Path> clones) {
        if (cacheDir == null) return List.of();
        return CloneReads.retain(cacheDir, clones.stream().map(c -> c.toAbsolutePath().normalize()).toList());
    }

    /**
     * One plan's use of what is kept: the git configs outside the clones are stat-ed once for all
     * its clones' stamps, not once for each (a thousand clones, six configs, most of them absent),
     * and again when that was {@link #RACY_NANOS} ago (an apply's reads, minutes after its plan's).
     * A config changed meanwhile changes the next round's stamps: every clone is read again then.
     */
    public Round round() {
        return new Round(this);
    }

    /** What one plan reads through (see {@link #round}). */
    public static final class Round {
        private final WarmClones kept;
        private CloneStamp.Globals globals;
        private long takenAt;
        private boolean taken;

        private Round(WarmClones kept) {
            this.kept = kept;
        }

        /** As {@link WarmClones#local}, with this round's stat of the git configs outside the clone. */
        Local local(Path clone, String branch, Reader reader) throws IOException {
            return kept.local(clone, branch, globals(), reader);
        }

        Counts counts(Path clone, String local, String remote) {
            return kept.counts(clone, local, remote);
        }

        /** As {@link WarmClones#retain}. */
        public List<String> retain(java.util.Collection<Path> clones) {
            return kept.retain(clones);
        }

        void counts(Path clone, Counts c) {
            kept.counts(clone, c);
        }

        /** Taken at the first clone's stamp; null (no stamps) when they could not be stat-ed. */
        private synchronized CloneStamp.Globals globals() {
            long now = kept.clock.getAsLong();
            if (!taken || now - takenAt > RACY_NANOS) {
                taken = true;
                takenAt = now;
                try {
                    globals = CloneStamp.globals(kept.globals);
                } catch (IOException e) {
                    globals = null;
                }
            }
            return globals;
        }
    }

    /**
     * The clone's own state, its refs read for {@code branch}: as last read when its stamp (with
     * {@code globals}; none: no stamp) is the same and it was read for the same branch, else read
     * now by {@code reader}.
     */
    Local local(Path clone, String branch, CloneStamp.Globals globals, Reader reader) throws IOException {
        Path key = clone.toAbsolutePath().normalize();
        Kept last = kept(key);
        long walkedAt = clock.getAsLong();
        CloneStamp.Inputs inputs = last == null ? CloneStamp.Inputs.NONE : last.local().inputs();
        CloneStamp.Stamp stamp = globals == null ? null : stamp(key, branch, inputs, globals);
        if (last != null && last.stamp() != null && last.stamp().sameAs(stamp) && last.local().asked().equals(branch)) return last.local();
        Local local = reader.read();
        Kept now;
        synchronized (this) {
            reads++;
            // the stamp was taken before the read, with the last read's inputs: kept only when they are still this read's
            boolean keep = stamp != null && stamp.newestNanos() < walkedAt - RACY_NANOS
                    && local.inputs().equals(inputs);
            now = new Kept(keep ? stamp : null, local);   // unkept: its inputs still serve the next walk
            kept.put(key, now);
            if (kept.size() > MAX) kept.remove(kept.keySet().iterator().next());
        }
        if (cacheDir != null && !same(last, now)) save(key);
        return local;
    }

    /** What is kept for the clone at {@code key} (normalized): in memory, else in its file the first time it is asked for. */
    private Kept kept(Path key) {
        synchronized (this) {
            Kept in = kept.get(key);
            if (in != null || cacheDir == null || loaded.contains(key)) return in;
        }
        var saved = CloneReads.load(cacheDir, key);   // outside the lock: the plan's other clones are read meanwhile
        synchronized (this) {
            if (loaded.add(key) && saved != null) {
                if (saved.local() != null && !kept.containsKey(key)) {
                    kept.put(key, new Kept(saved.stamp() == null ? null : new CloneStamp.Stamp(saved.stamp(), Long.MIN_VALUE), saved.local()));
                }
                if (saved.counts() != null) counts.putIfAbsent(key, saved.counts());
            }
            return kept.get(key);
        }
    }

    private static boolean same(Kept a, Kept b) {
        return a != null && java.util.Arrays.equals(a.stamp() == null ? null : a.stamp().digest(), b.stamp() == null ? null : b.stamp().digest())
                && a.local().equals(b.local());
    }

    /** Writes what is kept for {@code key} to its file. */
    private void save(Path key) {
        Kept k;
        Counts c;
        synchronized (this) {
            k = kept.get(key);
            c = counts.get(key);
        }
        CloneReads.save(cacheDir, key, new CloneReads.Saved(k == null || k.stamp() == null ? null : k.stamp().digest(), k == null ? null : k.local(), c));
    }

    /** The clone's stamp; null (read it every time) when the walk failed: a directory it may not read, a path too long. */
    private CloneStamp.Stamp stamp(Path clone, String branch, CloneStamp.Inputs inputs, CloneStamp.Globals globals) {
        try {
            return CloneStamp.take(clone, branch, inputs, globals);
        } catch (IOException | java.nio.file.DirectoryIteratorException e) {
            return null;
        }
    }

    /** The counts last computed for this clone when they were between the same two commits, else null. */
    Counts counts(Path clone, String local, String remote) {
        Path key = clone.toAbsolutePath().normalize();
        kept(key);   // its file's counts, the first time
        synchronized (this) {
            Counts c = counts.get(key);
            return c != null && c.local().equals(local) && c.remote().equals(remote) ? c : null;
        }
    }

    void counts(Path clone, Counts c) {
        Path key = clone.toAbsolutePath().normalize();
        Counts before;
        synchronized (this) {
            before = counts.put(key, c);
            if (counts.size() > MAX) counts.remove(counts.keySet().iterator().next());
        }
        if (cacheDir != null && !c.equals(before)) save(key);
    }

    /** How many clones were read rather than reused (tests, bench). */
    synchronized long reads() {
        return reads;
    }
}
