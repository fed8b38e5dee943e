package dev.factory.kinds.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.plan.Action;
import dev.factory.plan.Address;
import dev.factory.plan.Ownership;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VolumeKindTest {
    @Test
    void createsMissingAndNeverDeletesAVolume() {
        var live = List.of(new VolumeEngine.EngineVolume("old", "local", Ownership.labels(dev.factory.plan.Owner.of("box"), Address.of("volume", "old"), "local")),
                new VolumeEngine.EngineVolume("kept", "local", Ownership.labels(dev.factory.plan.Owner.of("box"), Address.of("volume", "kept"), "local")));
        var plan = VolumeKind.plan(dev.factory.plan.Owner.of("box"), Map.of("new", new VolumeSpec("new", "local"), "kept", new VolumeSpec("kept", "local")),
                live, Path.of("/cfg"));

        var byAddress = new java.util.HashMap<String, dev.factory.plan.Change>();
        plan.changes().forEach(c -> byAddress.put(c.address().toString(), c));
        assertEquals(Action.CREATE, byAddress.get("volume/new").action());
        assertEquals(Action.NO_OP, byAddress.get("volume/kept").action());
        assertEquals(Action.NO_OP, byAddress.get("volume/old").action());
        assertTrue(byAddress.get("volume/old").reason().contains("removed only by prune rules"));
        assertTrue(plan.changes().stream().noneMatch(c -> c.action() == Action.DELETE));
    }

    @Test
    void anUnmanagedVolumeWithTheNameIsAnErrorNotAdopted() {
        var plan = VolumeKind.plan(dev.factory.plan.Owner.of("box"), Map.of("data", new VolumeSpec("data", "local")),
                List.of(new VolumeEngine.EngineVolume("data", "local", Map.of())), Path.of("/cfg"));
        assertEquals(Action.UNKNOWN, plan.changes().get(0).action());
        assertTrue(plan.diagnostics().get(0).isError());
    }
}
