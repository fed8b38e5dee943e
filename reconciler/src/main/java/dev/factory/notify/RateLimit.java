package dev.factory.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;

/** At most {@code max} messages in any hour for one target; what is refused is counted for the next message to say. */
final class RateLimit {
    static final Duration WINDOW = Duration.ofHours(1);

    private final ArrayDeque<Instant> sent = new ArrayDeque<>();
    private int held;

    /** Whether a message may go now; if so it counts against the window. {@code alerts} are counted as held back otherwise. */
    synchronized boolean admit(Instant now, int max, int alerts) {
        while (!sent.isEmpty() && !sent.peekFirst().isAfter(now.minus(WINDOW))) sent.pollFirst();
        if (sent.size() >= max) {
            held += alerts;
            return false;
        }
        sent.addLast(now);
        return true;
    }

    /** The alerts held back since the last message that went, and forgets them. */
    synchronized int takeHeld() {
        int h = held;
        held = 0;
        return h;
    }
}
