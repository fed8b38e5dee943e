package dev.factory.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.engine.port.EngineEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WarmListsTest {
    /** A log that records the windows it was asked about and answers what it is told. */
    static final class FakeLog implements WarmLists.Log {
        final List<long[]> asked = new ArrayList<>();
        boolean changed;
        boolean fails;

        @Override
        public boolean changedBetween(long sinceNanos, long untilNanos) throws IOException {
            asked.add(new long[] {sinceNanos, untilNanos});
            if (fails) throw new IOException("engine gone");
            return changed;
        }
    }

    final FakeLog log = new FakeLog();
    long now = 100_000_000_000L;
    final WarmLists warm = new WarmLists("unix:///var/run/docker.sock", log, () -> now);

    @Test
    void aListTakenWhileConnectedIsReusedWhileTheLogShowsNoChange() {
        warm.connected();
        var mark = warm.mark();
        warm.keep("containers", mark, List.of("a", "b"));
        now += 5_000_000_000L;
        assertEquals(Map.of("containers", List.of("a", "b")), warm.current());
        assertEquals(Map.of("containers", List.of("a", "b")), warm.current(), "still true on the next observation");
    }

    @Test
    void theWindowRunsFromTheOldestListLessTheSlackToNow() {
        warm.connected();
        warm.keep("containers", warm.mark(), List.of("c"));
        long firstTaken = now;
        now += 2_000_000_000L;
        warm.keep("images", warm.mark(), List.of("i"));
        now += 3_000_000_000L;
        warm.current();
        assertEquals(1, log.asked.size());
        assertEquals(firstTaken - WarmLists.SLACK_NANOS, log.asked.get(0)[0]);
        assertEquals(now, log.asked.get(0)[1]);
    }

    @Test
    void anyChangeInTheWindowForgetsEveryList() {
        warm.connected();
        warm.keep("containers", warm.mark(), List.of("c"));
        warm.keep("images", warm.mark(), List.of("i"));
        log.changed = true;
        assertEquals(Map.of(), warm.current());
        log.changed = false;
        assertEquals(Map.of(), warm.current(), "forgotten, not merely skipped once");
    }

    @Test
    void noAnswerFromTheLogIsNoProof() {
        warm.connected();
        warm.keep("containers", warm.mark(), List.of("c"));
        log.fails = true;
        assertEquals(Map.of(), warm.current());
    }

    @Test
    void nothingIsKeptWithoutTheStreamAndNothingSurvivesItsDrop() {
        warm.keep("containers", warm.mark(), List.of("c"));
        warm.connected();
        assertEquals(Map.of(), warm.current(), "taken before the stream was up");
        warm.keep("containers", warm.mark(), List.of("c"));
        warm.disconnected();
        warm.connected();
        assertEquals(Map.of(), warm.current(), "an engine restart drops the stream: its log starts empty");
        assertTrue(log.asked.isEmpty(), "nothing to ask about");
    }

    @Test
    void aListStartedBeforeTheStreamReconnectedIsNotKept() {
        warm.connected();
        var mark = warm.mark();
        warm.disconnected();
        warm.connected();
        warm.keep("containers", mark, List.of("c"));
        assertEquals(Map.of(), warm.current());
    }

    @Test
    void keptListsAreCopiesNoCallerCanChange() {
        warm.connected();
        var mine = new ArrayList<>(List.of("c"));
        var kept = warm.keep("containers", warm.mark(), mine);
        mine.add("d");
        assertEquals(List.of("c"), warm.current().get("containers"));
        assertThrows(UnsupportedOperationException.class, () -> kept.add("e"));
    }

    @Test
    void closedListsAreForgottenAndNoneKept() {
        warm.connected();
        warm.keep("containers", warm.mark(), List.of("c"));
        warm.close();
        assertEquals(Map.of(), warm.current());
        warm.keep("images", warm.mark(), List.of("i"));
        assertEquals(Map.of(), warm.current());
    }

    @Test
    void onlyAContainersExecAttachResizeTopAndCopyEventsChangeNoList() {
        for (String inert : List.of("exec_create", "exec_start", "exec_die", "exec_detach", "attach", "detach", "resize", "top", "archive-path", "export")) {
            assertFalse(WarmLists.changesLists(event("container", inert)), inert);
        }
        for (String action : List.of("create", "start", "die", "destroy", "rename", "update", "health_status: healthy", "kill", "pause")) {
            assertTrue(WarmLists.changesLists(event("container", action)), action);
        }
        assertTrue(WarmLists.changesLists(event("image", "tag")));
        assertTrue(WarmLists.changesLists(event("image", "attach")), "only a container's attach is inert");
        assertTrue(WarmLists.changesLists(event("network", "connect")));
    }

    @Test
    void engineTimestampsAreSecondsAndNineDigitsOfNanoseconds() {
        assertEquals("1764201234.000000005", EventStream.timestamp(1_764_201_234_000_000_005L));
        assertEquals("12.500000000", EventStream.timestamp(12_500_000_000L));
    }

    private static EngineEvent event(String type, String action) {
        return new EngineEvent(type, action, "id", Map.of(), 0);
    }
}
