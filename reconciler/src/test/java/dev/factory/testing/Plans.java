package dev.factory.testing;

import dev.factory.plan.Action;
import dev.factory.plan.Address;
import dev.factory.plan.Change;
import dev.factory.plan.Plan;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Small hand-made plans for view and applier tests, and what a JSON plan printed by the CLI says. */
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

    /** Address -> action of a plan printed with {@code --json}. */
    public static java.util.TreeMap<String, String> actions(Cli.Run plan) throws java.io.IOException {
        return field(plan, "action");
    }

    /** Address -> reason of a plan printed with {@code --json}. */
    public static java.util.TreeMap<String, String> reasons(Cli.Run plan) throws java.io.IOException {
        return field(plan, "reason");
    }

    private static java.util.TreeMap<String, String> field(Cli.Run plan, String field) throws java.io.IOException {
        var out = new java.util.TreeMap<String, String>();
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(plan.out()).path("changes")
                .forEach(c -> out.put(c.path("address").asText(), c.path(field).asText()));
        return out;
    }
}
