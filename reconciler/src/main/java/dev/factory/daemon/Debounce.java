package dev.factory.daemon;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Dirty marks gathered until things go quiet: {@link #take} hands them over once no mark came for
 * {@code quiet}, or once the oldest waited {@code most} (a steady trickle of events cannot
 * postpone a reconcile forever). {@link #EVERYTHING} stands for a full reconcile.
 */
final class Debounce {
    static final String EVERYTHING = "*";

    private final long quietNanos;
    private final long mostNanos;
    private final Set<String> marked = new LinkedHashSet<>();
    private long first;
    private long last;

    Debounce(java.time.Duration quiet, java.time.Duration most) {
        this.quietNanos = quiet.toNanos();
        this.mostNanos = most.toNanos();
    }

    synchronized void mark(String what, long nowNanos) {
        if (marked.isEmpty()) first = nowNanos;
        last = nowNanos;
        marked.add(what);
    }

    /**
     * Drops the marks of {@code objects}: an apply that just changed them caused those events
     * itself (a container it replaced, a file it wrote), and its own verifying plan saw the result.
     */
    synchronized void forget(java.util.Collection<String> objects) {
        marked.removeAll(objects);
    }

    /** The marks, when due (then forgotten here); else an empty set. */
    synchronized Set<String> take(long nowNanos) {
        if (marked.isEmpty() || nowNanos - last < quietNanos && nowNanos - first < mostNanos) return Set.of();
        var out = marked.contains(EVERYTHING) ? Set.of(EVERYTHING) : Set.copyOf(marked);
        marked.clear();
        return out;
    }
}
