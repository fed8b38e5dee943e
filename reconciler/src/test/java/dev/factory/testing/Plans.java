package dev.factory.testing;

import dev.factory.plan.Action;
import dev.factory.plan.Address;
import dev.factory.plan.Change;
import dev.factory.plan.Plan;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Small hand-made plans for view and applier tests. */
public final class Plans {
    private Plans() {}

    public static Change change(String address, Action action, String... dependsOn) {
        return new Change(Address.parse(address), action, action.word() + " because test",
                null, action == Action.DELETE ? null : Map.of("hash", "h-" + address),
                Arrays.stream(dependsOn).map(Address::parse).toList());
    }

    public static Plan plan(List<Change> changes, Map<String, String> observed) {
        return new Plan(Plan.FORMAT_VERSION, "/cfg", "0123456789abcdef0123456789abcdef01234567", "Add images",
                Instant.parse("2026-11-22T00:00:00Z"), changes, List.of(), observed);
    }

    public static Plan plan(Change... changes) {
        return plan(List.of(changes), Map.of());
    }
}
