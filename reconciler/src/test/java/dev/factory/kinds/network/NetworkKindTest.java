package dev.factory.kinds.network;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.factory.plan.Action;
import dev.factory.plan.Address;
import dev.factory.plan.Change;
import dev.factory.plan.Ownership;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NetworkKindTest {
    private static NetworkEngine.EngineNetwork owned(String name, String driver) {
        return new NetworkEngine.EngineNetwork("id-" + name, name, driver, false, Ownership.labels(dev.factory.plan.Owner.of("box"), Address.of("network", name), "h"));
    }

    @Test
    void createsReplacesAndDeletesOnlyOwned() {
        var desired = Map.of("new", new NetworkSpec("new", "bridge", false), "moved", new NetworkSpec("moved", "bridge", true),
                "same", new NetworkSpec("same", "bridge", false));
        var live = List.of(owned("moved", "bridge"), owned("same", "bridge"), owned("gone", "bridge"),
                new NetworkEngine.EngineNetwork("b", "bridge", "bridge", false, Map.of()));
        var containerDelete = new Change(Address.of("container", "c-1"), Action.DELETE, "x", null, null, List.of());

        var plan = NetworkKind.plan(dev.factory.plan.Owner.of("box"), desired, live, Map.of(containerDelete.address(), containerDelete), Path.of("/cfg"));

        var actions = new java.util.TreeMap<String, String>();
        plan.changes().forEach(c -> actions.put(c.address().toString(), c.action().word() + (c.reason() == null ? "" : ": " + c.reason())));
        assertEquals(Map.of("network/new", "create: not created yet", "network/moved", "replace: changed: internal",
                "network/same", "no-op: exists", "network/gone", "delete: no longer declared"), actions);
        var delete = plan.changes().stream().filter(c -> c.action() == Action.DELETE).findFirst().orElseThrow();
        assertEquals(List.of(containerDelete.address()), delete.dependsOn());
    }

    @Test
    void anUnmanagedNetworkWithTheNameIsAnError() {
        var plan = NetworkKind.plan(dev.factory.plan.Owner.of("box"), Map.of("lan", new NetworkSpec("lan", "bridge", false)),
                List.of(new NetworkEngine.EngineNetwork("x", "lan", "bridge", false, Map.of())), Map.of(), Path.of("/cfg"));
        assertEquals(Action.UNKNOWN, plan.changes().get(0).action());
        assertEquals(1, plan.diagnostics().size());
    }
}
