package dev.factory.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DebounceTest {
    static final long MS = 1_000_000L;
    private final Debounce d = new Debounce(Duration.ofMillis(400), Duration.ofSeconds(2));

    @Test
    void nothingMarkedNothingDue() {
        assertEquals(Set.of(), d.take(10_000 * MS));
    }

    @Test
    void marksWaitUntilQuiet() {
        d.mark("container/a", 0);
        assertEquals(Set.of(), d.take(399 * MS), "still within the quiet period");
        d.mark("container/b", 300 * MS);
        assertEquals(Set.of(), d.take(650 * MS), "a new mark restarts the quiet period");
        assertEquals(Set.of("container/a", "container/b"), d.take(700 * MS));
        assertEquals(Set.of(), d.take(5000 * MS), "handed over once");
    }

    @Test
    void aSteadyTrickleCannotPostponeForever() {
        for (long t = 0; t < 2000; t += 300) {
            d.mark("container/" + t, t * MS);
            assertEquals(Set.of(), d.take(t * MS + 1), "at " + t);
        }
        d.mark("container/late", 1999 * MS);
        assertEquals(7 + 1, d.take(2000 * MS).size(), "the oldest mark waited the most: all of them go");
    }

    @Test
    void everythingSwallowsTheRest() {
        d.mark("container/a", 0);
        d.mark(Debounce.EVERYTHING, 10 * MS);
        assertEquals(Set.of(Debounce.EVERYTHING), d.take(1000 * MS));
        d.mark("container/c", 2000 * MS);
        assertEquals(Set.of("container/c"), d.take(2400 * MS), "the next round starts afresh");
    }

    @Test
    void whatAnApplyChangedItselfIsForgotten() {
        d.mark("file/notes", 0);
        d.mark("container/web", 10 * MS);
        d.forget(java.util.Map.of("file/notes", 5 * MS));
        assertEquals(Set.of("container/web"), d.take(1000 * MS));
        d.mark("file/notes", 2000 * MS);
        d.forget(java.util.Map.of("file/notes", 2000 * MS));
        assertEquals(Set.of(), d.take(5000 * MS), "a mark made as the change ended is its own");
    }

    @Test
    void aHandEditAfterTheChangeEndedIsKept() {
        // the CI failure: a container removed by hand 90 ms after the apply created it, while the reconcile still ran
        d.mark("container/web", 600 * MS);
        d.mark("file/notes", 100 * MS);
        d.forget(java.util.Map.of("container/web", 510 * MS, "file/notes", 120 * MS));
        assertEquals(Set.of("container/web"), d.marked());
        assertEquals(Set.of("container/web"), d.take(1200 * MS));
    }

    @Test
    void forgettingNothingKeepsEverything() {
        d.mark("container/web", 0);
        d.mark(Debounce.EVERYTHING, MS);
        d.forget(java.util.Map.of());
        assertEquals(Set.of(Debounce.EVERYTHING), d.take(1000 * MS));
    }
}
