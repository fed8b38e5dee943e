package dev.factory.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.state.StateDir;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertsTest {
    static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    static final Instant T1 = T0.plusSeconds(60);
    static final Instant T2 = T0.plusSeconds(120);

    private final Alerts alerts = new Alerts(List.of());

    @Test
    void aNewConditionFiresOnceAndClearsOnce() {
        var fired = alerts.observe(Condition.DISK, Map.of("/", "91% used, alert at 85%"), T0);
        assertEquals(List.of(new Alerts.Alert(Condition.DISK, "/", Alerts.State.FIRING, "91% used, alert at 85%", T0, T0)), fired);
        assertEquals(List.of(), alerts.observe(Condition.DISK, Map.of("/", "93% used, alert at 85%"), T1), "still holding: nothing new");
        var cleared = alerts.observe(Condition.DISK, Map.of(), T2);
        assertEquals(List.of(new Alerts.Alert(Condition.DISK, "/", Alerts.State.CLEARED, "91% used, alert at 85%", T0, T2)), cleared,
                "cleared once, saying since when it held");
        assertEquals(List.of(), alerts.observe(Condition.DISK, Map.of(), T2.plusSeconds(60)), "and never again");
        assertEquals(1, alerts.observe(Condition.DISK, Map.of("/", "again"), T2.plusSeconds(120)).size(), "a new spell fires anew");
    }

    @Test
    void eachSubjectIsItsOwnCondition() {
        alerts.observe(Condition.DRIFT, Map.of("container/a", "create", "container/b", "create"), T0);
        var next = alerts.observe(Condition.DRIFT, Map.of("container/b", "create", "container/c", "update"), T1);
        assertEquals(List.of(new Alerts.Alert(Condition.DRIFT, "container/c", Alerts.State.FIRING, "update", T1, T1),
                new Alerts.Alert(Condition.DRIFT, "container/a", Alerts.State.CLEARED, "create", T0, T1)), next);
    }

    @Test
    void anObservationSpeaksOnlyForItsSubjects() {
        alerts.observe(Condition.JOB_FAILING, Map.of("backup", "failed 3 times"), "backup"::equals, T0);
        alerts.observe(Condition.JOB_FAILING, Map.of("watchdog", "failed 1 times"), "watchdog"::equals, T0);
        assertEquals(List.of(), alerts.observe(Condition.JOB_FAILING, Map.of(), "other"::equals, T1), "another job's run clears nothing");
        var cleared = alerts.observe(Condition.JOB_FAILING, Map.of(), "backup"::equals, T1);
        assertEquals(1, cleared.size());
        assertEquals("backup", cleared.get(0).subject());
        assertEquals(1, alerts.active().size(), "the watchdog still fails");
    }

    @Test
    void conditionsDoNotClearEachOther() {
        alerts.observe(Condition.DRIFT, Map.of("x", "create"), T0);
        assertEquals(List.of(), alerts.observe(Condition.RUNNER_OFFLINE, Map.of(), T1));
        assertEquals(1, alerts.active().size());
    }

    @Test
    void aRestartedDaemonRemembersWhatItSaid(@TempDir Path tmp) throws Exception {
        var state = new StateDir(tmp.resolve("state"));
        alerts.observe(Condition.DOCTOR_DEAF, Map.of("codex/github", "deaf"), T0);
        alerts.write(state);
        var again = Alerts.read(state);
        assertEquals(List.of(), again.observe(Condition.DOCTOR_DEAF, Map.of("codex/github", "deaf"), T1), "not fired twice across a restart");
        assertEquals(Alerts.State.CLEARED, again.observe(Condition.DOCTOR_DEAF, Map.of(), T2).get(0).state());
    }

    @Test
    void anUnreadableLedgerStartsEmpty(@TempDir Path tmp) throws Exception {
        var state = new StateDir(tmp.resolve("state"));
        java.nio.file.Files.createDirectories(Alerts.file(state).getParent());
        java.nio.file.Files.writeString(Alerts.file(state), "{not json");
        assertTrue(Alerts.read(state).active().isEmpty());
    }

    @Test
    void anEventIsOneOff() {
        var e = Alerts.event(Condition.APPLIED, "reconcile", "1 change(s): container/web create", T0);
        assertEquals(Alerts.State.EVENT, e.state());
        assertTrue(alerts.active().isEmpty());
        assertEquals(false, Condition.APPLIED.clears());
        assertEquals(true, Condition.DRIFT.clears());
    }
}
