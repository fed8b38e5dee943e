package dev.factory.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChangeTest {
    private static final Address WEB = Address.parse("container/web");

    @Test
    void withoutPayloadsKeepsWhatAStatusPageShowsAndDropsTheRest() {
        var full = new Change(WEB, Action.UPDATE, "image changed", Map.of("image", "a"), Map.of("image", "b"), List.of(Address.parse("image/box")));
        var slim = full.withoutPayloads();
        assertEquals(WEB, slim.address());
        assertEquals(Action.UPDATE, slim.action());
        assertEquals("image changed", slim.reason());
        assertNull(slim.before());
        assertNull(slim.after());
        assertEquals(List.of(), slim.dependsOn());
    }

    @Test
    void aChangeWithNothingToDropIsItself() {
        var bare = new Change(WEB, Action.NO_OP, null, null, null, List.of());
        assertSame(bare, bare.withoutPayloads());
        var onlyAfter = new Change(WEB, Action.CREATE, null, null, Map.of("image", "b"), List.of());
        assertNull(onlyAfter.withoutPayloads().after());
        var onlyBefore = new Change(WEB, Action.DELETE, null, Map.of("image", "a"), null, List.of());
        assertNull(onlyBefore.withoutPayloads().before());
        var onlyDepends = new Change(WEB, Action.CREATE, null, null, null, List.of(Address.parse("image/box")));
        assertEquals(List.of(), onlyDepends.withoutPayloads().dependsOn());
    }
}
