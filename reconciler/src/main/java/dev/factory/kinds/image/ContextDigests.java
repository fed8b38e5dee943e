package dev.factory.kinds.image;

import dev.factory.state.AtomicFiles;
import dev.factory.state.CacheDirs;
import dev.factory.state.StateDir;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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

    /** What a stat says about a file; a cached digest is reused only when all of it matches. */
    public record Stamp(long size, long mtimeNanos, long ctimeNanos, long inode) {}

    private record Entry(Stamp stamp, String digest) {}

    private final Path file;
    private final long walkStartNanos;
    private final long racyNanos;
    private Map<String, Entry> before;   // read at the first use: a walk reused from memory needs none
    private final Map<String, Entry> after = new HashMap<>();
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
        String digest;
        if (known != null && known.stamp.equals(stamp)) {
            digest = known.digest;
        } else {
            digest = BuildContext.digest(path);
            hashed++;
        }
        boolean settled = stamp.mtimeNanos < walkStartNanos - racyNanos && stamp.ctimeNanos < walkStartNanos - racyNanos;
        if (settled && relative.indexOf('\n') < 0) {
            after.put(relative, new Entry(stamp, digest));
        }
        return digest;
    }

    /** How many files this walk had to read. */
    public int hashed() {
        return hashed;
    }

    /** Writes what this walk learned, when it differs from what was loaded; a failure to write costs only speed. */
    void save() {
        if (file == null || after.equals(before())) return;
        var sb = new StringBuilder(HEADER).append('\n');
        after.forEach((path, e) -> sb.append(e.digest).append('\t').append(e.stamp.size).append('\t').append(e.stamp.mtimeNanos)
                .append('\t').append(e.stamp.ctimeNanos).append('\t').append(e.stamp.inode).append('\t').append(path).append('\n'));
        try {
            AtomicFiles.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // a read-only or full state dir: the next plan hashes again, nothing is wrong
        }
    }

    private static Map<String, Entry> read(Path file) {
        var entries = new HashMap<String, Entry>();
        try {
            var lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty() || !lines.get(0).equals(HEADER)) return Map.of();
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split("\t", 6);
                if (f.length != 6 || f[0].length() != 64) return Map.of();
                entries.put(f[5], new Entry(new Stamp(Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4])), f[0]));
            }
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException | RuntimeException e) {
            return Map.of();   // unreadable or corrupt: hash everything once and write it afresh
        }
        return entries;
    }
}
