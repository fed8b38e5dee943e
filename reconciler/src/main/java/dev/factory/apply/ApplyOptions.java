package dev.factory.apply;

/**
 * How apply runs. {@code parallelism}: how many independent changes may run at once.
 * {@code stopRequested}: checked before each change starts; once true, the rest are skipped
 * (the daemon sets it on SIGTERM, so the change in flight finishes and the rest are journaled).
 */
public record ApplyOptions(int parallelism, java.util.function.BooleanSupplier stopRequested) {
    public ApplyOptions {
        if (parallelism < 1) throw new IllegalArgumentException("parallelism must be at least 1");
    }

    public static ApplyOptions defaults() {
        return new ApplyOptions(4, () -> false);
    }

    public ApplyOptions withParallelism(int n) {
        return new ApplyOptions(n, stopRequested);
    }

    public ApplyOptions withStop(java.util.function.BooleanSupplier stop) {
        return new ApplyOptions(parallelism, stop);
    }
}
