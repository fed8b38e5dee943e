package dev.factory.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OwnerTest {
    private static final Owner MINE = new Owner("lin-a", "vds", Set.of("sha256:imported"), false);

    private static Map<String, String> labels(String lineage, String owner) {
        var l = new HashMap<String, String>();
        l.put(Ownership.MANAGED, "true");
        if (lineage != null) l.put(Ownership.LINEAGE, lineage);
        if (owner != null) l.put(Ownership.OWNER, owner);
        return l;
    }

    @Test
    void ownershipIsTheLineageNotTheHostName() {
        assertTrue(MINE.owns(labels("lin-a", "vds"), "x"));
        assertTrue(MINE.owns(labels("lin-a", "other-name"), "x"), "host.name plays no part");
        assertFalse(MINE.owns(labels("lin-b", "vds"), "x"), "the same host.name, another lineage: not ours");
        assertTrue(MINE.isForeign(labels("lin-b", "vds"), "x"));
        assertFalse(MINE.owns(labels(null, "vds"), "x"), "an object from before lineages is not ours unless this is that state dir");
        assertTrue(MINE.isForeign(labels(null, "vds"), "x"));
    }

    @Test
    void importedIdsAreOwnedWhateverTheirLabels() {
        assertTrue(MINE.owns(labels("lin-b", "vds"), "sha256:imported"));
        assertFalse(MINE.isForeign(labels("lin-b", "vds"), "sha256:imported"));
        assertFalse(MINE.owns(Map.of(), "sha256:imported"), "an object without managed=true is never factory's");
        assertFalse(MINE.owns(null, "sha256:imported"));
    }

    @Test
    void unmanagedObjectsAreNeitherOursNorForeign() {
        assertFalse(MINE.isForeign(Map.of(Ownership.LINEAGE, "lin-b"), "x"));
        assertFalse(MINE.isForeign(labels("lin-b", "vds").entrySet().stream().filter(e -> !e.getKey().equals(Ownership.MANAGED))
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)), "x"));
        var notTrue = labels("lin-b", "vds");
        notTrue.put(Ownership.MANAGED, "yes");
        assertFalse(MINE.isForeign(notTrue, "x"));
    }

    @Test
    void aLegacyStateDirOwnsItsOldObjectsByHostNameOnly() {
        var legacy = new Owner(null, "vds", Set.of(), true);
        assertTrue(legacy.owns(labels(null, "vds"), "x"));
        assertFalse(legacy.owns(labels(null, "other"), "x"));
        assertFalse(legacy.owns(labels("lin-a", "vds"), "x"), "an object with a lineage is some lineage's, never a legacy dir's");
        var fresh = new Owner(null, "vds", Set.of(), false);
        assertFalse(fresh.owns(labels(null, "vds"), "x"), "a new state dir never adopts by label");
        assertTrue(fresh.isForeign(labels(null, "vds"), "x"));
    }

    @Test
    void labelsCarryTheLineageAndNeedOne() {
        var l = MINE.labels(Address.of("container", "web-1"), "h1");
        assertEquals(Map.of(Ownership.MANAGED, "true", Ownership.LINEAGE, "lin-a", Ownership.OWNER, "vds", Ownership.ADDRESS, "container/web-1",
                Ownership.HASH, "h1"), l);
        assertTrue(MINE.owns(l, "new-id"));
        assertThrows(IllegalStateException.class, () -> new Owner(null, "vds", Set.of(), false).labels(Address.of("container", "x"), "h"));
    }

    @Test
    void aForeignObjectDescribesItself() {
        var f = Foreign.of(Address.of("image", "base"), "sha256:0123456789abcdef0123", labels("4a7642c7-aaaa", "vds"));
        assertEquals("image/base (0123456789ab, lineage 4a7642c7, host.name vds)", f.describe());
        assertEquals("volume/v (v, from before lineages)", Foreign.of(Address.of("volume", "v"), "v", labels(null, null)).describe());
    }
}
