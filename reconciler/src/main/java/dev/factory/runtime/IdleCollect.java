package dev.factory.runtime;

/**
 * A full collection once a long-running process has answered a plan, off the answer's path (the
 * daemon's plan server after the answer is written; bench-plan between its timed rounds, as the
 * daemon does). A plan at a few thousand objects promotes ~10 MB of its own working data (the
 * desired state, the observed state, the plan) into the old generation, which the daemon's tight
 * heap (see the launcher) holds with only ~10 MB to spare: without this, a full collection fell
 * inside nearly every plan (~60 ms at 5,000 objects, a quarter of the plan); with it, the next plan
 * starts with the old generation compacted, and the idle daemon hands back what the plan grew.
 * Several answers in a row collect once, after the last.
 */
public final class IdleCollect {
    private final java.util.concurrent.atomic.AtomicBoolean owed = new java.util.concurrent.atomic.AtomicBoolean();
    private final Runnable collector;
    private long collections;

    public IdleCollect() {
        this(System::gc);
    }

    IdleCollect(Runnable collector) {
        this.collector = collector;
    }

    /** A plan was answered: a collection is owed. */
    public void planned() {
        owed.set(true);
    }

    /** Collects when a plan was answered since the last collection; returns how long it took (ms), 0 when none was owed. */
    public double collectIfOwed() {
        if (!owed.getAndSet(false)) return 0;
        long start = System.nanoTime();
        collector.run();
        synchronized (this) {
            collections++;
        }
        return (System.nanoTime() - start) / 1e6;
    }

    /** How many collections ran (tests). */
    public synchronized long collections() {
        return collections;
    }
}
