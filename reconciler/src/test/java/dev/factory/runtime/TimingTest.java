package dev.factory.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TimingTest {
    @Test
    void bashEpochRealtimeIsReadToTheMicrosecond() {
        assertEquals(1_764_201_234_567_890_000L, Timing.epochNanos("1764201234.567890"));
        assertEquals(1_764_201_234_567_890_000L, Timing.epochNanos("1764201234,567890"), "a locale with a decimal comma");
        assertEquals(5_000_000_000L, Timing.epochNanos(" 5 "));
    }

    @Test
    void anAbsentOrMalformedStampIsZero() {
        assertEquals(0, Timing.epochNanos(null));
        assertEquals(0, Timing.epochNanos(""));
        assertEquals(0, Timing.epochNanos("soon"));
    }
}
