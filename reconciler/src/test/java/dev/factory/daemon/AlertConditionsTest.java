package dev.factory.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.factory.apply.ApplyResult;
import dev.factory.engine.Converge;
import dev.factory.plan.Action;
import dev.factory.plan.Address;
import dev.factory.plan.BlastRadius;
import dev.factory.plan.Change;
import dev.factory.plan.Plan;
import dev.factory.report.DriftReport;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlertConditionsTest {
    static final Instant T = Instant.parse("2026-11-26T10:00:00Z");

    @Test
    void aReconcileFailsWhenFailedIncompleteOrRefused() {
        assertEquals(Map.of("reconcile", "failed: the plan has errors"),
                AlertConditions.reconcileFailed(new DaemonState(T, null, null, "failed", 0, 0, 0, "the plan has errors")));
        assertEquals(Map.of("reconcile", "incomplete, 2 change(s) failed"),
                AlertConditions.reconcileFailed(new DaemonState(T, null, null, "incomplete", 2, 1, 2, null)));
        assertEquals(Map.of("reconcile", "refused: mass delete refused: 40 of 50"),
                AlertConditions.reconcileFailed(new DaemonState(T, null, null, "refused", 40, 0, 0, "mass delete refused: 40 of 50")));
        for (String fine : List.of("applied", "no-changes", "drift")) {
            assertEquals(Map.of(), AlertConditions.reconcileFailed(new DaemonState(T, null, null, fine, 0, 0, 0, null)), fine);
        }
        assertEquals("the config has errors (factory validate says which)", AlertConditions.reconcileError("config_error").get("reconcile"));
        assertEquals("the reconcile stopped with an error (see the log)", AlertConditions.reconcileError("error").get("reconcile"));
    }

    @Test
    void driftNamesEachObject() {
        assertEquals(Map.of("container/a", "create: missing", "file/n", "update"), AlertConditions.drift(List.of(
                new Service.Drifted("container/a", "create", "missing", T), new Service.Drifted("file/n", "update", null, T))));
    }

    private static Change runner(String slot, String status) {
        Map<String, Object> before = new HashMap<>();
        if (status != null) before.put("status", status);
        return new Change(Address.of("runner", slot), Action.NO_OP, status, status == null ? null : before, null, List.of());
    }

    @Test
    void runnersGitHubListsOffline() {
        var plan = new Plan(1, "/c", null, null, T, List.of(runner("ci-1", "offline"), runner("ci-2", "online"), runner("ci-3", null),
                new Change(Address.of("container", "x"), Action.NO_OP, "", Map.of("status", "offline"), null, List.of())), List.of(), Map.of());
        assertEquals(Map.of("runner/ci-1", "GitHub lists it offline; offline"), AlertConditions.runnersOffline(plan));
    }

    @Test
    void diskAtOrOverTheLine() {
        assertEquals(Map.of("/", "85% used, alert at 85%"), AlertConditions.disk("/", 85.0, 85));
        assertEquals(Map.of(), AlertConditions.disk("/", 84.9, 85));
    }

    @Test
    void aJobFailsOnceItFailedFailAfterTimesInARow() {
        assertEquals(Map.of(), AlertConditions.jobFailing("backup", 2, 3, 1));
        assertEquals(Map.of("backup", "failed 3 times in a row, last exit 1"), AlertConditions.jobFailing("backup", 3, 3, 1));
    }

    @Test
    void deafConnections() {
        assertEquals(Map.of("codex/github", "deaf"), AlertConditions.deaf(new DriftReport.Doctor(3, 1, 0, List.of("codex/github"))));
        assertEquals(Map.of(), AlertConditions.deaf(null));
    }

    private static Converge.Outcome appliedOutcome(List<ApplyResult.Outcome> outcomes) {
        var plan = new Plan(1, "/c", null, null, T, List.of(), List.of(), Map.of());
        return new Converge.Outcome(Converge.Result.CONVERGED, plan, BlastRadius.of(plan, 0, java.util.Set.of()), List.of(), new ApplyResult(outcomes), plan);
    }

    @Test
    void appliedSaysWhatChangedAndOnlyWhenSomethingDid() {
        var web = new ApplyResult.Outcome(Address.of("container", "web"), Action.CREATE, ApplyResult.Status.APPLIED, null, Duration.ZERO);
        var failed = new ApplyResult.Outcome(Address.of("file", "n"), Action.UPDATE, ApplyResult.Status.FAILED, "x", Duration.ZERO);
        assertEquals(Optional.of("1 change(s): container/web create"), AlertConditions.applied(appliedOutcome(List.of(web, failed))));
        assertEquals(Optional.empty(), AlertConditions.applied(appliedOutcome(List.of(failed))));
        assertEquals(Optional.empty(), AlertConditions.applied(null));
        var many = new java.util.ArrayList<ApplyResult.Outcome>();
        for (int i = 0; i < 12; i++) many.add(new ApplyResult.Outcome(Address.of("container", "c" + i), Action.CREATE, ApplyResult.Status.APPLIED, null, Duration.ZERO));
        String text = AlertConditions.applied(appliedOutcome(many)).orElseThrow();
        assertEquals(true, text.startsWith("12 change(s): container/c0 create, ") && text.endsWith(" and 2 more"), text);
    }
}
