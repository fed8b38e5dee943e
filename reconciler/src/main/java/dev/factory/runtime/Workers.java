package dev.factory.runtime;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Worker pools for planning and applying: daemon threads, so a stuck call never holds the JVM open. */
public final class Workers {
    private Workers() {}

    /**
     * {@code work} on a daemon thread of its own named {@code name}, started now: for a one-off
     * piece of work that overlaps what the caller does next. Any throwable completes the future.
     */
    public static <T> java.util.concurrent.CompletableFuture<T> beside(String name, java.util.function.Supplier<T> work) {
        var done = new java.util.concurrent.CompletableFuture<T>();
        Thread t = new Thread(() -> {
            try {
                done.complete(work.get());
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return done;
    }

    /** Waits for {@code work}; what it threw is thrown here as itself (a runtime exception or an error), not wrapped. */
    public static <T> T join(java.util.concurrent.CompletableFuture<T> work) {
        try {
            return work.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw e;
        }
    }

    /** What a worker threw, to throw again on the waiting thread: a runtime exception or an error as itself, anything else wrapped. */
    public static RuntimeException rethrow(Throwable thrown) {
        if (thrown instanceof RuntimeException r) return r;
        if (thrown instanceof Error err) throw err;
        return new IllegalStateException(thrown);
    }

    /** A fixed pool of {@code threads} (at least one) daemon threads named {@code name}. */
    public static ExecutorService pool(int threads, String name) {
        return Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }
}
