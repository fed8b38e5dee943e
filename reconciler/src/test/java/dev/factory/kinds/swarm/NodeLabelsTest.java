package dev.factory.kinds.swarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.kinds.container.ClusterSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeLabelsTest {

    @Test
    void aNewLabelIsSetAndListedAsOurs() {
        var edit = NodeLabels.edit(Map.of(), Map.of("tier", "agents"));
        assertEquals(Map.of("tier", "agents"), edit.set());
        assertEquals(List.of(), edit.remove());
        assertEquals("+tier=agents", edit.describe());
        assertEquals(Map.of("tier", "agents", ClusterSpec.OWNED_LABELS, "tier"), NodeLabels.apply(Map.of(), Map.of("tier", "agents")));
    }

    @Test
    void aLabelDroppedFromTheConfigIsRemovedButOnlyIfFactorySetIt() {
        var current = Map.of("tier", "agents", "zone", "by-hand", ClusterSpec.OWNED_LABELS, "tier");
        var edit = NodeLabels.edit(current, Map.of());
        assertEquals(List.of("tier"), edit.remove());
        assertEquals("-tier", edit.describe());
        assertEquals(Map.of("zone", "by-hand"), NodeLabels.apply(current, Map.of()));
    }

    @Test
    void aLabelSetByHandIsNeverRemovedEvenWithTheSameKeyAsOneOnceDeclaredElsewhere() {
        var current = Map.of("zone", "by-hand");
        assertTrue(NodeLabels.edit(current, Map.of()).isEmpty());
        assertEquals(Map.of("zone", "by-hand"), NodeLabels.apply(current, Map.of()));
    }

    @Test
    void matchingLabelsAreNoEditAndAChangedValueIsSet() {
        var current = Map.of("tier", "agents", ClusterSpec.OWNED_LABELS, "tier");
        assertTrue(NodeLabels.edit(current, Map.of("tier", "agents")).isEmpty());
        var edit = NodeLabels.edit(current, Map.of("tier", "ci"));
        assertFalse(edit.isEmpty());
        assertEquals(Map.of("tier", "ci"), edit.set());
    }

    @Test
    void theOwnedListIsKeptTrueWhenLabelsAlreadyMatchButWereSetByHand() {
        var edit = NodeLabels.edit(Map.of("tier", "agents"), Map.of("tier", "agents"));
        assertTrue(edit.set().isEmpty());
        assertTrue(edit.ownedListChanges());
        assertFalse(edit.isEmpty());
        assertEquals("factory's list of its own labels", edit.describe());
    }

    @Test
    void ownedReadsOnlyTheListedKeysThatArePresent() {
        assertEquals(Map.of("a", "1"), NodeLabels.owned(Map.of("a", "1", "b", "2", ClusterSpec.OWNED_LABELS, "a,gone")));
        assertEquals(Map.of(), NodeLabels.owned(Map.of("a", "1", ClusterSpec.OWNED_LABELS, "")));
    }
}
