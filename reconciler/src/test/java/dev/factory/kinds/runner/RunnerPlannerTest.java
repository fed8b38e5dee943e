package dev.factory.kinds.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.config.Age;
import dev.factory.plan.Action;
import dev.factory.plan.Address;
import dev.factory.plan.Change;
import dev.factory.plan.KindPlan;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The runner diff without GitHub or systemd: every decision about registering, replacing and deleting a slot. */
class RunnerPlannerTest {
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private static final RunnerRegistry.Scope SCOPE = new RunnerRegistry.Scope("acme", "app");

    private static RunnerSpec spec(RunnerSpec.Mode mode, List<String> labels) {
        return new RunnerSpec("ci", SCOPE, labels, mode, 1, "runner", 1, Path.of("/srv/actions-runner/ci"), Age.parse("1h"));
    }

    private static RunnerRegistry.Registered registered(String status, boolean busy, List<String> labels) {
        return new RunnerRegistry.Registered(7, "h-ci-1", status, busy, labels);
    }

    /** A world with one declared slot h-ci-1 and whatever else the test adds. */
    private static final class World {
        final Map<String, RunnerSpec> slots = new LinkedHashMap<>();
        final Map<String, RunnerPlanner.Known> known = new HashMap<>();
        final Map<String, RunnerRegistry.Registered> listed = new HashMap<>();
        final Map<String, String> failed = new HashMap<>();
        final Map<String, Systemd.State> units = new HashMap<>();
        String unobservable;

        World slot(RunnerSpec spec, Systemd.State unit) {
            slots.put("h-ci-1", spec);
            units.put("h-ci-1", unit);
            return this;
        }

        World listed(String slot, RunnerRegistry.Registered r) {
            listed.put(SCOPE + "|" + slot, r);
            return this;
        }

        World known(String slot, Instant appliedAt) {
            known.put(slot, new RunnerPlanner.Known(SCOPE, appliedAt));
            return this;
        }

        KindPlan plan() {
            var deps = new HashMap<String, List<Address>>();
            slots.keySet().forEach(s -> deps.put(s, List.of(Address.of("file", "systemd/factory-runner@.service"))));
            return RunnerPlanner.plan(new RunnerPlanner.Input(slots, known, listed, failed, units, deps, unobservable, NOW));
        }

        Change change(String slot) {
            return plan().changes().stream().filter(c -> c.address().equals(Address.of("runner", slot))).findFirst().orElseThrow();
        }
    }

    private static final List<String> LABELS = List.of("self-hosted", "linux", "gpu");

    @Test
    void aMissingServiceRunnerIsRegisteredAndStarted() {
        var c = new World().slot(spec(RunnerSpec.Mode.SERVICE, LABELS), Systemd.State.INACTIVE).change("h-ci-1");
        assertEquals(Action.CREATE, c.action());
        assertEquals("register and start", c.reason());
        assertNull(c.before());
        assertEquals(Map.of("scope", "acme/app", "labels", LABELS, "mode", "service"), c.after());
        assertEquals(List.of(Address.of("file", "systemd/factory-runner@.service")), c.dependsOn());
    }

    @Test
    void aRunningUnitWithoutARegistrationRegistersAgain() {
        var c = new World().slot(spec(RunnerSpec.Mode.SERVICE, LABELS), Systemd.State.ACTIVE).change("h-ci-1");
        assertEquals(Action.CREATE, c.action());
        assertTrue(c.reason().contains("GitHub has no such runner"), c.reason());
    }

    @Test
    void aStoppedUnitOfARegisteredRunnerIsStarted() {
        var c = new World().slot(spec(RunnerSpec.Mode.SERVICE, LABELS), Systemd.State.INACTIVE)
                .listed("h-ci-1", registered("online", false, LABELS)).change("h-ci-1");
        assertEquals(Action.UPDATE, c.action());
    }

    @Test
    void labelsThatDifferReplaceAnIdleRunnerAndWaitForABusyOne() {
        var idle = new World().slot(spec(RunnerSpec.Mode.SERVICE, LABELS), Systemd.State.ACTIVE)
                .listed("h-ci-1", registered("online", false, List.of("self-hosted", "linux"))).change("h-ci-1");
        assertEquals(Action.REPLACE, idle.action());
        var world = new World().slot(spec(RunnerSpec.Mode.SERVICE, LABELS), Systemd.State.ACTIVE)
                .listed("h-ci-1", registered("online", true, List.of("self-hosted", "linux")));
        assertEquals(Action.NO_OP, world.change("h-ci-1").action());
        assertEquals(1, world.plan().diagnostics().size(), "the deferred change is said");
    }

    @Test
    void labelsGitHubAddsItselfAreNotADifference() {
        var c = new World().slot(spec(RunnerSpec.Mode.SERVICE, List.of("gpu")), Systemd.State.ACTIVE)
                .listed("h-ci-1", registered("online", false, List.of("self-hosted", "Linux", "X64", "gpu"))).change("h-ci-1");
        assertEquals(Action.NO_OP, c.action());
        assertEquals("online, idle", c.reason());
    }

    @Test
    void anOfflineRunnerIsReRegisteredOnlyAfterOfflineAfterSinceFactoryRegisteredIt() {
        var old = new World().slot(spec(RunnerSpec.Mode.SERVICE, LABELS), Systemd.State.ACTIVE)
                .listed("h-ci-1", registered("offline", false, LABELS)).known("h-ci-1", NOW.minus(Duration.ofMinutes(61))).change("h-ci-1");
        assertEquals(Action.REPLACE, old.action());
        var recent = new World().slot(spec(RunnerSpec.Mode.SERVICE, LABELS), Systemd.State.ACTIVE)
                .listed("h-ci-1", registered("offline", false, LABELS)).known("h-ci-1", NOW.minus(Duration.ofMinutes(59))).change("h-ci-1");
        assertEquals(Action.NO_OP, recent.action(), "offline for less than offlineAfter: give it time");
        var unknownAge = new World().slot(spec(RunnerSpec.Mode.SERVICE, LABELS), Systemd.State.ACTIVE)
                .listed("h-ci-1", registered("offline", false, LABELS)).change("h-ci-1");
        assertEquals(Action.NO_OP, unknownAge.action(), "a runner factory has no record of is never replaced for being offline");
    }

    @Test
    void anEphemeralSlotOnlyNeedsItsUnit() {
        var stopped = new World().slot(spec(RunnerSpec.Mode.EPHEMERAL, LABELS), Systemd.State.INACTIVE).change("h-ci-1");
        assertEquals(Action.CREATE, stopped.action());
        var again = new World().slot(spec(RunnerSpec.Mode.EPHEMERAL, LABELS), Systemd.State.INACTIVE).known("h-ci-1", NOW).change("h-ci-1");
        assertEquals(Action.UPDATE, again.action(), "a slot factory made before is started, not made again");
        var idle = new World().slot(spec(RunnerSpec.Mode.EPHEMERAL, LABELS), Systemd.State.ACTIVE).change("h-ci-1");
        assertEquals(Action.NO_OP, idle.action());
        assertTrue(idle.reason().contains("JIT"), idle.reason());
    }

    @Test
    void aSlotNoLongerDeclaredIsDeletedUnlessBusy() {
        var gone = new World().known("h-old-1", NOW).plan().changes();
        assertEquals(1, gone.size());
        assertEquals(Action.DELETE, gone.get(0).action());
        assertEquals(Map.of("scope", "acme/app"), gone.get(0).before(), "the scope to delete it from, when GitHub no longer lists it");
        var busy = new World().known("h-old-1", NOW).listed("h-old-1", new RunnerRegistry.Registered(9, "h-old-1", "online", true, LABELS))
                .plan().changes();
        assertEquals(Action.NO_OP, busy.get(0).action());
        assertTrue(busy.get(0).reason().contains("busy"), busy.get(0).reason());
        var idle = new World().known("h-old-1", NOW).listed("h-old-1", new RunnerRegistry.Registered(9, "h-old-1", "online", false, LABELS))
                .plan().changes();
        assertEquals(Action.DELETE, idle.get(0).action());
        assertEquals(9L, idle.get(0).before().get("id"));
    }

    @Test
    void aRunnerFactoryDidNotNameIsNeverTouched() {
        var plan = new World().slot(spec(RunnerSpec.Mode.SERVICE, LABELS), Systemd.State.ACTIVE)
                .listed("someone-elses", new RunnerRegistry.Registered(3, "someone-elses", "online", false, LABELS)).plan();
        assertEquals(List.of(Address.of("runner", "h-ci-1")), plan.changes().stream().map(Change::address).toList());
    }

    @Test
    void whatCannotBeObservedIsUnknownNeverDeleted() {
        var w = new World().slot(spec(RunnerSpec.Mode.SERVICE, LABELS), Systemd.State.ACTIVE);
        w.unobservable = "no GitHub token";
        w.known("h-old-1", NOW);
        var plan = w.plan();
        assertEquals(List.of(Action.UNKNOWN), plan.changes().stream().map(Change::action).toList(), "no delete without a listing");
        assertEquals(1, plan.diagnostics().size());
        var failed = new World().slot(spec(RunnerSpec.Mode.SERVICE, LABELS), Systemd.State.ACTIVE);
        failed.failed.put("acme/app", "GitHub answered 502");
        assertEquals(Action.UNKNOWN, failed.change("h-ci-1").action());
        assertEquals("GitHub answered 502", failed.change("h-ci-1").reason());
        var noSystemd = new World().slot(spec(RunnerSpec.Mode.SERVICE, LABELS), Systemd.State.UNAVAILABLE).change("h-ci-1");
        assertEquals(Action.UNKNOWN, noSystemd.action());
    }

    @Test
    void nothingDeclaredAndNothingKnownPlansNothing() {
        var w = new World();
        w.unobservable = "no GitHub token";
        assertTrue(w.plan().changes().isEmpty());
        assertTrue(w.plan().diagnostics().isEmpty(), "no token is no problem when there are no runners");
    }

    @Test
    void observedFingerprintsChangeWithTheRunnerAndTheUnit() {
        var plan = new World().slot(spec(RunnerSpec.Mode.SERVICE, LABELS), Systemd.State.ACTIVE)
                .listed("h-ci-1", registered("online", false, LABELS)).plan();
        assertEquals("7:online:false:ACTIVE", plan.observed().get("runner/h-ci-1"));
        var absent = new World().slot(spec(RunnerSpec.Mode.SERVICE, LABELS), Systemd.State.INACTIVE).plan();
        assertEquals("absent:INACTIVE", absent.observed().get("runner/h-ci-1"));
    }
}
