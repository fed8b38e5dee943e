package dev.factory.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

class FailpointsTest {
    @Test
    void unsetOrBlankActivatesNothing() {
        assertEquals(Set.of(), Failpoints.parse(null));
        assertEquals(Set.of(), Failpoints.parse(""));
        assertEquals(Set.of(), Failpoints.parse(" , ,"));
    }

    @Test
    void namesAreCommaSeparatedAndTrimmed() {
        assertEquals(Set.of("replace-before-rename", "other"), Failpoints.parse(" replace-before-rename ,other,"));
    }

    @Test
    void aPointNotActiveReturnsAtOnce() {
        Failpoints.pause("no-such-point");   // the test JVM has no FACTORY_FAILPOINTS: a pause here would hang the suite
        assertEquals(Set.of(), Failpoints.parse(System.getenv("FACTORY_FAILPOINTS")));
    }
}
