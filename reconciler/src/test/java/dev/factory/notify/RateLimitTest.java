package dev.factory.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RateLimitTest {
    static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    @Test
    void atMostMaxInAnyHourAndTheRestCounted() {
        var limit = new RateLimit();
        assertTrue(limit.admit(T0, 2, 1));
        assertTrue(limit.admit(T0.plusSeconds(10), 2, 3));
        assertFalse(limit.admit(T0.plusSeconds(20), 2, 4), "the third in the hour is held back");
        assertFalse(limit.admit(T0.plusSeconds(3599), 2, 1));
        assertTrue(limit.admit(T0.plusSeconds(3600), 2, 1), "the first one left the window");
        assertEquals(5, limit.takeHeld(), "what was held back is said in the next message");
        assertEquals(0, limit.takeHeld(), "once");
        assertFalse(limit.admit(T0.plusSeconds(3605), 2, 1), "the second is still in the window");
        assertTrue(limit.admit(T0.plusSeconds(3610), 2, 1));
    }
}
