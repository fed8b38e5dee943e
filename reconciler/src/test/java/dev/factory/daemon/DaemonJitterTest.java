package dev.factory.daemon;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.schedule.When;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** SIGTERM (stop) ends a jitter wait at once: a daily job's jitter can no longer outlast systemd's stop timeout. */
class DaemonJitterTest {
    @Test
    void stopEndsAJitterWaitAndTheRoundIsSkipped() throws Exception {
        var log = new CopyOnWriteArrayList<String>();
        var daemon = new Daemon(() -> null, d -> null, log::add);
        var waited = CompletableFuture.supplyAsync(() -> daemon.jitter(When.parse("24h"), 100));
        Thread.sleep(200);
        assertFalse(waited.isDone(), "jitter waits a random part of a day");
        daemon.stop();
        assertFalse(waited.get(30, TimeUnit.SECONDS), "the wait ended because the daemon is stopping: the round is skipped");
        assertFalse(daemon.jitter(When.parse("24h"), 100), "once stopping, no round waits or runs");
        assertTrue(log.contains("factory daemon stopped"), log.toString());
    }

    @Test
    void withoutJitterTheRoundRunsAtOnce() {
        var daemon = new Daemon(() -> null, d -> null, line -> { });
        assertTrue(daemon.jitter(When.parse("24h"), 0));
        assertTrue(daemon.jitter(When.parse("0 0 3 * * ?"), 50), "a cron schedule has no interval to jitter within");
    }
}
