package dev.factory.runtime;

/** {@code FACTORY_TIMING=1}: phase timings on stderr, to see where a run's time goes. */
public final class Timing {
    private static final boolean ON = System.getenv("FACTORY_TIMING") != null;
    private static final long START = System.nanoTime();

    private Timing() {}

    public static void mark(String phase, long sinceNanos) {
        if (ON) System.err.printf("timing: %-28s %6.0f ms (at %6.0f ms)%n", phase, (System.nanoTime() - sinceNanos) / 1e6, (System.nanoTime() - START) / 1e6);
    }
}
