package dev.factory.plan;

import static dev.factory.testing.Plans.change;
import static dev.factory.testing.Plans.plan;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
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

    @Test
    void nearTheLimitIsANote() {
        var changes = new ArrayList<Change>();
        for (int i = 0; i < 9; i++) changes.add(change("prune-file/log" + i, Action.DELETE));
        var d = BlastRadius.of(plan(changes, Map.of()), 10, SWEEP).diagnostic().orElseThrow();
        assertTrue(d.summary().startsWith("near the mass-delete guard: 9 deletes (limit prune.maxDeletions 10)"), d.summary());
    }
}
