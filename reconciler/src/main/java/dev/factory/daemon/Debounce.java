package dev.factory.daemon;

import java.util.LinkedHashMap;
import java.util.Map;
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
    private final Map<String, Long> marked = new LinkedHashMap<>();   // each mark's latest time
    private long first;
    private long last;

    Debounce(java.time.Duration quiet, java.time.Duration most) {
        this.quietNanos = quiet.toNanos();
        this.mostNanos = most.toNanos();
    }

    synchronized void mark(String what, long nowNanos) {
        if (marked.isEmpty()) first = nowNanos;
        last = nowNanos;
        marked.put(what, nowNanos);
    }

    /**
     * Drops the marks an apply caused itself (a container it replaced, a file it wrote): those of
     * the objects in {@code ended} made no later than that object's change ended. A mark made after
     * it (a hand edit in the last moments of a reconcile) stays, and is reconciled next.
     */
    synchronized void forget(Map<String, Long> ended) {
        marked.entrySet().removeIf(m -> {
            Long end = ended.get(m.getKey());
            return end != null && m.getValue() - end <= 0;
        });
    }

    /** The objects marked now, due or not. */
    synchronized Set<String> marked() {
        return Set.copyOf(marked.keySet());
    }

    /** The marks, when due (then forgotten here); else an empty set. */
    synchronized Set<String> take(long nowNanos) {
        if (marked.isEmpty() || nowNanos - last < quietNanos && nowNanos - first < mostNanos) return Set.of();
        var out = marked.containsKey(EVERYTHING) ? Set.of(EVERYTHING) : Set.copyOf(marked.keySet());
        marked.clear();
        return out;
    }
}
