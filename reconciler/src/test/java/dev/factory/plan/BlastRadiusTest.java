package dev.factory.plan;

import static dev.factory.testing.Plans.change;
import static dev.factory.testing.Plans.plan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BlastRadiusTest {
    private static final Set<String> SWEEP = Set.of("prune-file");

    @Test
    void tripsOverMaxDeletions() {
        var changes = new ArrayList<Change>();
        for (int i = 0; i < 11; i++) changes.add(change("prune-file/log" + i, Action.DELETE));
        assertTrue(BlastRadius.of(plan(changes, Map.of()), 10, SWEEP).trips());
        assertFalse(BlastRadius.of(plan(changes, Map.of()), 11, SWEEP).trips());
    }

    @Test
    void tripsWhenMoreThanHalfOfManagedObjectsGo() {
        var changes = new ArrayList<Change>();
        for (int i = 0; i < 3; i++) changes.add(change("container/c" + i, Action.DELETE));
        for (int i = 0; i < 2; i++) changes.add(change("container/k" + i, Action.NO_OP));
        for (int i = 0; i < 20; i++) changes.add(change("prune-file/log" + i, Action.DELETE));
        var radius = BlastRadius.of(plan(changes, Map.of()), 50, SWEEP);
        assertTrue(radius.trips(), radius.describe());
        assertTrue(radius.diagnostic().orElseThrow().summary().contains("--allow-mass-delete"));
    }

    @Test
    void sweptFilesAndSmallConfigsDoNotTripTheHalfRule() {
        var changes = new ArrayList<Change>();
        changes.add(change("container/only", Action.DELETE));
        for (int i = 0; i < 20; i++) changes.add(change("prune-file/log" + i, Action.DELETE));
        assertFalse(BlastRadius.of(plan(changes, Map.of()), 50, SWEEP).trips());
    }

    private static Change sweep(String path, long files, String rule, long examined) {
        return new Change(Address.parse("prune-file/" + path), Action.DELETE, "old", null,
                Map.of("frees", 1L, "files", files, "rule", rule, "examined", examined), List.of());
    }

    @Test
    void everyFileInsideADeletedDirectoryCounts() {
        var one = BlastRadius.of(plan(List.of(sweep("/ws/old-lane", 4000, "files[0]", 9000)), Map.of()), 50, SWEEP);
        assertTrue(one.trips(), "one directory of 4,000 files is 4,000 deletes: " + one.describe());
        assertTrue(one.describe().startsWith("4000 deletes (limit prune.maxDeletions 50)"), one.describe());
        assertFalse(BlastRadius.of(plan(List.of(sweep("/ws/old-lane", 4000, "files[0]", 9000)), Map.of()), 4000, SWEEP).trips());
    }

    @Test
    void aSweepThatTakesMostOfWhatItExaminedTrips() {
        var most = new ArrayList<Change>();
        for (int i = 0; i < 30; i++) most.add(sweep("/logs/" + i, 1, "files[0]", 40));
        for (int i = 0; i < 5; i++) most.add(change("container/c" + i, Action.NO_OP));
        var radius = BlastRadius.of(plan(most, Map.of()), 50, SWEEP);
        assertTrue(radius.trips(), "30 of the 40 logs the rule saw, beside 5 unchanged containers: " + radius.describe());
        assertTrue(radius.describe().contains("30 of 45 managed objects and swept files"), radius.describe());

        var few = new ArrayList<Change>();
        for (int i = 0; i < 6; i++) few.add(sweep("/logs/" + i, 1, "files[0]", 100));
        assertFalse(BlastRadius.of(plan(few, Map.of()), 50, SWEEP).trips(), "6 of 100 is housekeeping");
    }

    @Test
    void eachRulesPopulationCountsOnce() {
        var changes = new ArrayList<Change>();
        for (int i = 0; i < 3; i++) changes.add(sweep("/a/" + i, 1, "files[0]", 4));
        for (int i = 0; i < 3; i++) changes.add(sweep("/b/" + i, 1, "files[1]", 4));
        var radius = BlastRadius.of(plan(changes, Map.of()), 50, SWEEP);
        assertTrue(radius.describe().contains("6 of 8"), "two rules' populations add up, each counted once: " + radius.describe());
        assertTrue(radius.trips());
        var calm = BlastRadius.of(plan(List.of(sweep("/a/0", 1, "files[0]", 1), sweep("/a/1", 1, "files[0]", 1)), Map.of()), 50, SWEEP);
        assertFalse(calm.trips(), "two deletes never trip the half rule: " + calm.describe());
    }

    @Test
    void nearTheLimitIsANote() {
        var changes = new ArrayList<Change>();
        for (int i = 0; i < 9; i++) changes.add(change("prune-file/log" + i, Action.DELETE));
        var d = BlastRadius.of(plan(changes, Map.of()), 10, SWEEP).diagnostic().orElseThrow();
        assertTrue(d.summary().startsWith("near the mass-delete guard: 9 deletes (limit prune.maxDeletions 10)"), d.summary());
    }

    @Test
    void theBoundariesOfEachLimit() {
        var at40 = new ArrayList<Change>();
        for (int i = 0; i < 40; i++) at40.add(sweep("/l/" + i, 1, "files[0]", 1000));
        assertTrue(BlastRadius.of(plan(at40, Map.of()), 50, SWEEP).diagnostic().orElseThrow().summary().startsWith("near"), "40 of 50 is near");
        assertTrue(BlastRadius.of(plan(at40.subList(0, 39), Map.of()), 50, SWEEP).diagnostic().isEmpty(), "39 of 50 is not near");
        assertFalse(BlastRadius.of(plan(at40, Map.of()), 40, SWEEP).trips(), "exactly the limit is allowed");
        assertTrue(BlastRadius.of(plan(at40, Map.of()), 39, SWEEP).trips());

        var half = new ArrayList<Change>();
        for (int i = 0; i < 3; i++) half.add(change("container/d" + i, Action.DELETE));
        for (int i = 0; i < 3; i++) half.add(change("container/k" + i, Action.NO_OP));
        assertFalse(BlastRadius.of(plan(half, Map.of()), 50, SWEEP).trips(), "3 of 6 is half, not more");
        half.add(change("container/d3", Action.DELETE));
        assertTrue(BlastRadius.of(plan(half, Map.of()), 50, SWEEP).trips(), "4 of 7 is more than half");

        var twoFifths = new ArrayList<Change>();
        for (int i = 0; i < 4; i++) twoFifths.add(change("container/d" + i, Action.DELETE));
        for (int i = 0; i < 6; i++) twoFifths.add(change("container/k" + i, Action.NO_OP));
        assertTrue(BlastRadius.of(plan(twoFifths, Map.of()), 50, SWEEP).diagnostic().orElseThrow().summary().startsWith("near"), "4 of 10 is near half");
        twoFifths.add(change("container/k6", Action.NO_OP));
        assertTrue(BlastRadius.of(plan(twoFifths, Map.of()), 50, SWEEP).diagnostic().isEmpty(), "4 of 11 is not");
    }

    @Test
    void aSweepOfZeroFilesStillCountsAsOneAndAnEmptyRuleStillCounts() {
        var radius = BlastRadius.of(plan(List.of(sweep("/l/empty-dir", 0, "files[0]", 0)), Map.of()), 50, SWEEP);
        assertEquals(1, radius.deletes(), "an empty directory is one delete");
        assertEquals(1, radius.halfDeletes(), "a rule that examined nothing else still weighs its delete");
        assertEquals(1, radius.examined(), "what a rule deletes it examined");
        var created = BlastRadius.of(plan(List.of(change("container/new", Action.CREATE), change("container/k", Action.NO_OP)), Map.of()), 50, SWEEP);
        assertEquals(1, created.examined(), "creates are not among what a plan looked at");
    }
}
