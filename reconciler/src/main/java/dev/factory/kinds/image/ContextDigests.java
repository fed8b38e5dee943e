package dev.factory.kinds.image;

import dev.factory.state.AtomicFiles;
import dev.factory.state.CacheDirs;
import dev.factory.state.StateDir;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Remembered content digests of one build context's files, so a second hash of an unchanged
 * context reads no file contents. As git's index does, a file's digest is trusted only while its
 * size, mtime, ctime and inode are all unchanged, and never for a file modified within
 * {@link #RACY_NANOS} of the walk that hashed it (a write in the same timestamp tick would
 * otherwise go unseen). The executable bit is never cached: it is read from each walk's stat.
 *
 * <p>Kept as one small text file per context under {@code STATE/cache/context/}; losing or
 * corrupting it only costs a full rehash.
 */
public final class ContextDigests {
    /** Files modified this recently before a walk are hashed again next time rather than trusted. */
    static final long RACY_NANOS = 2_000_000_000L;
    private static final String HEADER = "factory-context-digests-v1";
    private static final String SUFFIX = ".tsv";

    /**
     * What a stat says about a file; a cached digest is reused only when all of it matches.
     * (equals and hashCode by hand, in both records: a record's own go through a method handle the
     * JVM links and compiles on first use, a tenth of the walk of a 10,000-file context on a cold plan.)
     */
    public record Stamp(long size, long mtimeNanos, long ctimeNanos, long inode) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Stamp s && size == s.size && mtimeNanos == s.mtimeNanos && ctimeNanos == s.ctimeNanos && inode == s.inode;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(size) * 31 * 31 * 31 + Long.hashCode(mtimeNanos) * 31 * 31 + Long.hashCode(ctimeNanos) * 31 + Long.hashCode(inode);
        }
    }

    record Entry(Stamp stamp, String digest) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Entry e && stamp.equals(e.stamp) && digest.equals(e.digest);
        }

        @Override
        public int hashCode() {
            return stamp.hashCode() * 31 + digest.hashCode();
        }
    }

    private final Path file;
    private final long walkStartNanos;
    private final long racyNanos;
    private Map<String, Entry> before;   // read at the first use: a walk reused from memory needs none
    private final Map<String, Entry> after = new HashMap<>();
    /** Whether every file so far was remembered as it is and is kept again: then {@link #after} holds only remembered entries. */
    private boolean allRemembered = true;
    private int hashed;

    private ContextDigests(Path file, Map<String, Entry> before, long racyNanos) {
        this.file = file;
        this.before = before;
        this.walkStartNanos = dev.factory.runtime.Timing.epochNanosNow();
        this.racyNanos = racyNanos;
    }

    /** No memory: every file is hashed (tests, and a plan before the state dir exists). */
    public static ContextDigests none() {
        return new ContextDigests(null, Map.of(), RACY_NANOS);
    }

    /** The digests remembered for {@code spec}'s context; none until the state dir exists (a plan never creates it). */
    public static ContextDigests of(StateDir state, ImageSpec spec) {
        return of(state, spec, RACY_NANOS);
    }

    static ContextDigests of(StateDir state, ImageSpec spec, long racyNanos) {
        if (!Files.isDirectory(state.root())) return none();
        return load(state.contextCacheDir(), key(spec), racyNanos);
    }

    /** What a context's digests are remembered by: its directory and its Dockerfile. */
    private static String key(ImageSpec spec) {
        return spec.context() + "\n" + spec.dockerfile();
    }

    /** The digests remembered under {@code cacheDir} for the context {@code key} names. */
    static ContextDigests load(Path cacheDir, String key, long racyNanos) {
        return new ContextDigests(cacheDir.resolve(CacheDirs.name(key, SUFFIX)), null, racyNanos);
    }

    /** How big the digests remembered here are (0: none), read without following a link: how long the walk is likely to take. */
    long rememberedBytes() {
        if (file == null) return 0;
        try {
            return Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS).size();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Deletes the remembered digests of every context but those of {@code declared}; returns the files deleted. */
    public static java.util.List<String> retain(StateDir state, java.util.Collection<ImageSpec> declared) {
        return CacheDirs.retainKeys(state.contextCacheDir(), SUFFIX, declared.stream().map(ContextDigests::key).toList());
    }

    private Map<String, Entry> before() {
        if (before == null) before = read(file);
        return before;
    }

    /** The digest of {@code path}: remembered when its stamp is unchanged, else read and hashed. */
    String digest(String relative, Path path, Stamp stamp) throws IOException {
        Entry known = before().get(relative);
        boolean reused = known != null && known.stamp.equals(stamp);
        String digest;
        if (reused) {
            digest = known.digest;
        } else {
            digest = BuildContext.digest(path);
            hashed++;
        }
        boolean settled = stamp.mtimeNanos < walkStartNanos - racyNanos && stamp.ctimeNanos < walkStartNanos - racyNanos;
        if (settled && relative.indexOf('\n') < 0) {
            after.put(relative, reused ? known : new Entry(stamp, digest));
        }
        if (!reused || !settled) allRemembered = false;
        return digest;
    }

    /** How many files this walk had to read. */
    public int hashed() {
        return hashed;
    }

    /** Writes what this walk learned, when it differs from what was loaded; a failure to write costs only speed. */
    void save() {
        // every entry kept is a remembered one and there are as many: the same map, without comparing 10,000 entries
        if (file == null || allRemembered && after.size() == before().size() || after.equals(before())) return;
        try {
            AtomicFiles.write(file, format(after));
        } catch (IOException e) {
            // a read-only or full state dir: the next plan hashes again, nothing is wrong
        }
    }

    /** One line per file: {@code digest TAB size TAB mtime TAB ctime TAB inode TAB path}, under {@link #HEADER}. */
    static byte[] format(Map<String, Entry> entries) {
        var sb = new StringBuilder(HEADER).append('\n');
        entries.forEach((path, e) -> sb.append(e.digest).append('\t').append(e.stamp.size).append('\t').append(e.stamp.mtimeNanos)
                .append('\t').append(e.stamp.ctimeNanos).append('\t').append(e.stamp.inode).append('\t').append(path).append('\n'));
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, Entry> read(Path file) {
        try {
            return parse(Files.readAllBytes(file));
        } catch (IOException e) {
            return Map.of();   // none yet, or unreadable: hash everything once and write it afresh
        }
    }

    /**
     * What {@link #format} wrote; empty when anything in it is not (a wrong header, a short line, a
     * number that is not one): a corrupt file costs a full rehash, never a wrong digest. Parsed from
     * the bytes, not through lines and splits: a 10,000-file context's file is ~1 MB, read on every
     * cold plan, and the plain way cost a third of that context's whole walk.
     */
    static Map<String, Entry> parse(byte[] b) {
        byte[] header = (HEADER + "\n").getBytes(StandardCharsets.US_ASCII);
        if (b.length < header.length || !java.util.Arrays.equals(b, 0, header.length, header, 0, header.length)) return Map.of();
        var entries = new HashMap<String, Entry>(Math.max(16, b.length / 80 * 4 / 3));
        int at = header.length;
        long[] numbers = new long[4];
        while (at < b.length) {
            int end = indexOf(b, (byte) '\n', at, b.length);
            if (end < 0) end = b.length;   // a last line without its newline
            int tab = at + 64;
            if (tab >= end || b[tab] != '\t' || !hex(b, at, tab)) return Map.of();
            String digest = new String(b, at, 64, StandardCharsets.ISO_8859_1);
            int from = tab + 1;
            for (int i = 0; i < numbers.length; i++) {
                int next = indexOf(b, (byte) '\t', from, end);
                if (next < 0) return Map.of();
                numbers[i] = number(b, from, next);
                if (numbers[i] == NOT_A_NUMBER) return Map.of();
                from = next + 1;
            }
            String path = new String(b, from, end - from, StandardCharsets.UTF_8);
            entries.put(path, new Entry(new Stamp(numbers[0], numbers[1], numbers[2], numbers[3]), digest));
            at = end + 1;
        }
        return entries;
    }

    private static boolean hex(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!(b[i] >= '0' && b[i] <= '9' || b[i] >= 'a' && b[i] <= 'f')) return false;
        }
        return true;
    }

    private static int indexOf(byte[] b, byte wanted, int from, int to) {
        for (int i = from; i < to; i++) if (b[i] == wanted) return i;
        return -1;
    }

    /** What {@link #number} says of what is not a number (no digits make it: it has one more than the largest long). */
    private static final long NOT_A_NUMBER = Long.MIN_VALUE;

    /** The decimal number in {@code b[from, to)} (an optional '-', then digits, within a long); {@link #NOT_A_NUMBER} when it is not one. */
    private static long number(byte[] b, int from, int to) {
        boolean negative = from < to && b[from] == '-';
        int start = negative ? from + 1 : from;
        if (start == to || to - start > 19) return NOT_A_NUMBER;
        long n = 0;
        for (int i = start; i < to; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9 || n > (Long.MAX_VALUE - d) / 10) return NOT_A_NUMBER;
            n = n * 10 + d;
        }
        return negative ? -n : n;
    }
}
