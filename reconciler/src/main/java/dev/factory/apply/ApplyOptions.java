package dev.factory.apply;

import java.time.Duration;

/**
 * How apply runs. {@code parallelism}: how many independent changes may run at once.
 * {@code stopRequested}: checked before each change starts; once true, the rest are skipped
 * (SIGTERM in the daemon, Ctrl-C at the CLI: the change in flight finishes and the rest are journaled).
 * {@code heartbeat}: how often a change still running says so, with its elapsed time.
 */
public record ApplyOptions(int parallelism, java.util.function.BooleanSupplier stopRequested, Duration heartbeat) {
    public static final Duration HEARTBEAT = Duration.ofSeconds(10);

    public ApplyOptions {
        if (parallelism < 1) throw new IllegalArgumentException("parallelism must be at least 1");
        if (heartbeat.isNegative() || heartbeat.isZero()) throw new IllegalArgumentException("heartbeat must be positive");
    }

    public static ApplyOptions defaults() {
        return new ApplyOptions(4, () -> false, HEARTBEAT);
    }

    public ApplyOptions withParallelism(int n) {
        return new ApplyOptions(n, stopRequested, heartbeat);
    }

    public ApplyOptions withStop(java.util.function.BooleanSupplier stop) {
        return new ApplyOptions(parallelism, stop, heartbeat);
    }

    public ApplyOptions withHeartbeat(Duration every) {
        return new ApplyOptions(parallelism, stopRequested, every);
    }
}
