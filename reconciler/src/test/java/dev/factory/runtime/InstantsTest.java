package dev.factory.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InstantsTest {

    @Test
    void whatInstantWritesIsReadWithoutTheFormatterAndAsInstantReadsIt() {
        var random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            long seconds = random.nextLong(-62_135_596_800L, 253_402_300_800L);   // years 0001 to 9999
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant at = Instant.ofEpochSecond(seconds, nanos);
            String text = at.toString();
            assertNotNull(Instants.fast(text), text);
            assertEquals(at, Instants.parse(text), text);
            assertEquals(Instant.parse(text), Instants.parse(text), text);
        }
    }

    @Test
    void fractionsOfEveryLengthKeepTheirPlace() {
        for (String text : new String[] {"2026-11-29T20:15:00.1Z", "2026-11-29T20:15:00.12Z", "2026-11-29T20:15:00.1234Z",
                "2026-11-29T20:15:00.12345678Z", "2026-11-29T20:15:00.000000001Z", "2026-11-29T20:15:00.999999999Z"}) {
            assertNotNull(Instants.fast(text), text);
            assertEquals(Instant.parse(text), Instants.parse(text), text);
        }
    }

    @Test
    void theEdgesOfEachFieldAreReadAsInstantReadsThem() {
        for (String text : new String[] {"0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "2024-02-29T12:00:00Z",
                "1970-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "2026-12-31T23:59:59Z", "2026-01-01T00:00:00Z"}) {
            assertNotNull(Instants.fast(text), text);
            assertEquals(Instant.parse(text), Instants.parse(text), text);
        }
    }

    @Test
    void anythingElseIsLeftToInstantParseAndGetsItsAnswer() {
        for (String text : new String[] {"+10000-01-01T00:00:00Z", "2026-06-30T23:59:60Z", "2026-11-29T20:15:00+01:00",
                "2026-11-29T20:15Z", "2026-11-29t20:15:00Z", "2026-11-29T24:00:00Z", "2026-02-30T00:00:00Z", "2023-02-29T00:00:00Z",
                "2026-13-01T00:00:00Z", "2026-00-01T00:00:00Z", "2026-11-00T00:00:00Z", "2026-11-29T25:00:00Z", "2026-11-29T20:60:00Z",
                "2026-11-29T20:15:00.Z", "2026-11-29T20:15:00.1234567890Z", "2026-11-29T20:15:0xZ", "2026-11-29 20:15:00Z",
                "2026/11/29T20:15:00Z", "2026-11-29T20-15:00Z", "2026-11-29T20:15-00Z", "2026-11-29T20:15:00,5Z",
                "-026-11-29T20:15:00Z", "", "Z"}) {
            assertNull(Instants.fast(text), text);
            Object expected;
            try {
                expected = Instant.parse(text);
            } catch (DateTimeParseException e) {
                expected = DateTimeParseException.class;
            }
            Object actual;
            try {
                actual = Instants.parse(text);
            } catch (DateTimeParseException e) {
                actual = DateTimeParseException.class;
            }
            assertEquals(expected, actual, text);
        }
        assertThrows(DateTimeParseException.class, () -> Instants.parse("2026-02-30T00:00:00Z"));
        assertEquals(Instant.parse("2026-11-30T00:00:00Z"), Instants.parse("2026-11-29T24:00:00Z"));
    }
}
