package dev.factory.apply;

/** How apply runs. {@code parallelism}: how many independent changes may run at once. */
public record ApplyOptions(int parallelism) {
    public ApplyOptions {
        if (parallelism < 1) throw new IllegalArgumentException("parallelism must be at least 1");
    }

    public static ApplyOptions defaults() {
        return new ApplyOptions(4);
    }

    public ApplyOptions withParallelism(int n) {
        return new ApplyOptions(n);
    }
}
