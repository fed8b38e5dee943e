package dev.factory.git;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jgit.lib.Repository;

/**
 * Clones and remote caches kept open between the plans a long-running process makes (the
 * daemon's plan server, bench-plan). Opening a repository costs its config files, its refs and
 * pack directories and its pack indexes read again (~1 ms a clone; a status on a repository
 * already open costs a fifth of open-then-status). An open jgit repository re-reads each of those
 * when the file's snapshot (size, modification time, inode) changed, and treats a file modified
 * within the filesystem's timestamp resolution as changed, so what it answers is what a fresh
 * open would. The index is read on every status either way.
 *
 * <p>A handle is reused only while its git directory is the same directory (device and inode,
 * not following a link): a clone deleted and made again at the same path is opened afresh. At
 * most {@link #MAX} are kept, the least recently used closed first. Each handle given out has
 * been counted open ({@link Repository#incrementOpen}), so the caller closes it as it would a
 * fresh one; this keeps its own count until it lets the handle go.
 */
public final class WarmRepos implements AutoCloseable {
    /**
     * Handles kept at most (a clone and its remote cache are two). Above any working set on purpose:
     * a plan reads every clone in turn, and an LRU smaller than that reuses nothing.
     */
    static final int MAX = 4096;

    private record Kept(Object identity, Repository repository) {}

    private final Map<Path, Kept> kept = new LinkedHashMap<>(16, 0.75f, true);
    private final int max;
    private boolean closed;

    public WarmRepos() {
        this(MAX);
    }

    WarmRepos(int max) {
        this.max = max;
    }

    /** The git directory {@code gitDir}, kept open; its caller closes it. */
    Repository gitDir(Path gitDir, Opener opener) throws IOException {
        Object identity = identity(gitDir);
        Path key = gitDir.toAbsolutePath().normalize();
        Repository stale = null;
        synchronized (this) {
            Kept k = kept.get(key);
            if (k != null && k.identity().equals(identity)) {
                k.repository().incrementOpen();
                return k.repository();
            }
            if (k != null) {
                kept.remove(key);
                stale = k.repository();
            }
        }
        if (stale != null) stale.close();
        Repository opened = opener.open();
        Repository evicted = null;
        synchronized (this) {
            if (closed || identity == null) return opened;   // nothing to keep it by: the caller's alone
            Kept earlier = kept.get(key);
            if (earlier == null) {
                opened.incrementOpen();   // this cache's own count
                kept.put(key, new Kept(identity, opened));
                if (kept.size() > max) {
                    var eldest = kept.entrySet().iterator().next();
                    evicted = eldest.getValue().repository();
                    kept.remove(eldest.getKey());
                }
            }
        }
        if (evicted != null) evicted.close();
        return opened;
    }

    /** {@code gitDir} through {@code warm}, or opened afresh without one; the caller closes it either way. */
    static Repository open(WarmRepos warm, Path gitDir, Opener opener) throws IOException {
        return warm == null ? opener.open() : warm.gitDir(gitDir, opener);
    }

    /** How many handles are kept (for tests and the bench). */
    synchronized int size() {
        return kept.size();
    }

    /** The directory's device and inode, without following a link; null when it cannot be read. */
    static Object identity(Path dir) {
        try {
            var attributes = Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return attributes.isDirectory() ? attributes.fileKey() : null;
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        Map<Path, Kept> all;
        synchronized (this) {
            closed = true;
            all = new LinkedHashMap<>(kept);
            kept.clear();
        }
        all.values().forEach(k -> k.repository().close());
    }

    /** Opens a repository when none is kept for the directory. */
    @FunctionalInterface
    interface Opener {
        Repository open() throws IOException;
    }
}
