package dev.factory.plan;

import static dev.factory.testing.Plans.change;
import static dev.factory.testing.Plans.plan;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StalePlanTest {
    @Test
    void anIdenticalPlanIsNotStale() {
        var p = plan(List.of(change("image/a", Action.CREATE)), Map.of("image/a", "absent"));
        assertEquals(List.of(), StalePlan.differences(p, plan(List.of(change("image/a", Action.CREATE)), Map.of("image/a", "absent"))));
    }

    @Test
    void namesWhatMoved() {
        var saved = plan(List.of(change("image/a", Action.CREATE), change("image/b", Action.REPLACE)),
                Map.of("image/a", "absent", "image/b", "sha256:1111111111111111111111"));
        var now = plan(List.of(change("image/a", Action.NO_OP),
                        new Change(Address.parse("image/b"), Action.REPLACE, "x", null, Map.of("hash", "other"), List.of())),
                Map.of("image/a", "sha256:2222222222222222222222", "image/b", "sha256:1111111111111111111111"));

        assertEquals(List.of(
                "image/a: planned create, now no-op",
                "image/b: the desired state changed since the plan was made",
                "image/a: live state changed (absent -> sha256:222222222222)"), StalePlan.differences(saved, now));
    }
}
