package dev.factory.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AgeTest {
    @Test
    void eachUnitParses() {
        assertEquals(Duration.ofSeconds(45), Age.parse("45s").duration());
        assertEquals(Duration.ofMinutes(30), Age.parse(" 30m ").duration());
        assertEquals(Duration.ofHours(12), Age.parse("12h").duration());
        assertEquals(Duration.ofDays(2), Age.parse("2d").duration());
        assertEquals(Duration.ofDays(14), Age.parse("2w").duration());
    }

    @Test
    void anythingElseIsRefusedWithAnExample() {
        for (String bad : new String[] {"", "30", "m", "1.5h", "-1d", "3y", "1 d"}) {
            var e = assertThrows(IllegalArgumentException.class, () -> Age.parse(bad), bad);
            assertEquals("'" + bad + "' is not an age; write e.g. 30m, 12h, 2d or 1w", e.getMessage());
        }
    }

    @Test
    void itPrintsInTheLargestWholeUnit() {
        assertEquals("2w", new Age(Duration.ofDays(14)).toString());
        assertEquals("8d", new Age(Duration.ofDays(8)).toString());
        assertEquals("1d", new Age(Duration.ofDays(1)).toString());
        assertEquals("25h", new Age(Duration.ofHours(25)).toString());
        assertEquals("1h", new Age(Duration.ofHours(1)).toString());
        assertEquals("90m", new Age(Duration.ofMinutes(90)).toString());
        assertEquals("1m", new Age(Duration.ofMinutes(1)).toString());
        assertEquals("61s", new Age(Duration.ofSeconds(61)).toString());
        assertEquals("1s", new Age(Duration.ofSeconds(1)).toString());
        assertEquals("0s", new Age(Duration.ZERO).toString());
        for (String text : new String[] {"3w", "6d", "23h", "59m", "59s"}) assertEquals(text, Age.parse(text).toString(), "round trip");
    }
}
