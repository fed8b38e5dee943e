package dev.factory.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A collection is owed by each answered plan, and paid once however many answers came before it. */
class IdleCollectTest {
    @Test
    void aCollectionRunsOnlyWhenAPlanWasAnsweredSinceTheLast() {
        var runs = new AtomicInteger();
        var idle = new IdleCollect(runs::incrementAndGet);
        assertEquals(0, idle.collectIfOwed(), "nothing answered: nothing owed");
        assertEquals(0, runs.get());

        idle.planned();
        idle.planned();
        assertTrue(idle.collectIfOwed() >= 0);
        assertEquals(1, runs.get(), "two answers, one collection");
        assertEquals(0, idle.collectIfOwed());
        assertEquals(1, runs.get(), "paid: the next is owed by the next answer");
        assertEquals(1, idle.collections());

        idle.planned();
        idle.collectIfOwed();
        assertEquals(2, runs.get());
        assertEquals(2, idle.collections());
    }
}
