package dev.factory.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** Waiting on a condition, polled, instead of sleeping for a guessed time. */
public final class Await {
    private Await() {}

    /** Polls {@code condition} every 20 ms until it holds; fails naming {@code what} after {@code limit}. */
    public static void until(String what, Duration limit, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out after " + limit + " waiting for " + what);
            pause();
        }
    }

    /** Until the wall clock is past {@code instant}: for what is judged by age, at whole-second resolution. */
    public static void past(Instant instant) {
        until("the clock to pass " + instant, Duration.between(Instant.now(), instant).plusSeconds(5), () -> Instant.now().isAfter(instant));
    }

    /** Until the next wall-clock second has begun: names and times stamped to the second differ from the last ones. */
    public static void nextSecond() {
        long now = Instant.now().getEpochSecond();
        until("the next second", Duration.ofSeconds(3), () -> Instant.now().getEpochSecond() > now);
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting", e);
        }
    }
}
