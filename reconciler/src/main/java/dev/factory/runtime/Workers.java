package dev.factory.runtime;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Worker pools for planning and applying: daemon threads, so a stuck call never holds the JVM open. */
public final class Workers {
    private Workers() {}

    /** A fixed pool of {@code threads} (at least one) daemon threads named {@code name}. */
    public static ExecutorService pool(int threads, String name) {
        return Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }
}
