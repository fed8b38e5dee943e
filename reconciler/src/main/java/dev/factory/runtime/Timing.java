package dev.factory.runtime;

/**
 * {@code FACTORY_TIMING=1}: phase timings on stderr, to see where a run's time goes. Each line is
 * a phase's own time and when it ended, counted from the JVM's start (so the JVM's own start-up,
 * before factory's first line, shows as the first phase's "at").
 */
public final class Timing {
    private static final boolean ON = System.getenv("FACTORY_TIMING") != null;
    private static final long START = System.nanoTime() - sinceJvmStartNanos();

    private Timing() {}

    public static void mark(String phase, long sinceNanos) {
        if (ON) System.err.printf("timing: %-28s %6.0f ms (at %6.0f ms)%n", phase, (System.nanoTime() - sinceNanos) / 1e6, (System.nanoTime() - START) / 1e6);
    }

    /**
     * How long ago the launcher exec'd the JVM ({@code FACTORY_EXEC}, bash's EPOCHREALTIME, which
     * the launcher exports with timing on); 0 without it. The launcher's own time before it is
     * printed as a phase of its own.
     */
    private static long sinceJvmStartNanos() {
        if (!ON) return 0;
        long now = epochNanosNow();
        long exec = epochNanos(System.getenv("FACTORY_EXEC"));
        long launched = epochNanos(System.getenv("FACTORY_LAUNCHED"));
        if (exec <= 0 || now < exec) return 0;
        if (launched > 0 && launched <= exec) System.err.printf("timing: %-28s %6.0f ms%n", "launcher (bash, jar check)", (exec - launched) / 1e6);
        return now - exec;
    }

    /** Seconds with a fraction ("1764201234.567890"), as nanoseconds; 0 when absent or malformed. */
    static long epochNanos(String seconds) {
        if (seconds == null || seconds.isBlank()) return 0;
        try {
            return new java.math.BigDecimal(seconds.strip().replace(',', '.')).movePointRight(9).longValue();
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The wall clock, in nanoseconds since the epoch. */
    public static long epochNanosNow() {
        var at = java.time.Instant.now();
        return at.getEpochSecond() * 1_000_000_000L + at.getNano();
    }

    /** {@link System#nanoTime()} when the launcher exec'd the JVM (when this class loaded, without the launcher). */
    public static long jvmStart() {
        return START;
    }
}
