package dev.factory.kinds.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.config.SourceLocation;
import dev.factory.engine.port.EngineContainer;
import dev.factory.kinds.container.EgressPolicy;
import dev.factory.kinds.container.EgressRule;
import dev.factory.kinds.container.EgressSettings;
import dev.factory.kinds.network.NetworkEngine;
import dev.factory.kinds.volume.VolumeEngine;
import dev.factory.plan.Action;
import dev.factory.plan.Address;
import dev.factory.plan.Change;
import dev.factory.plan.KindPlan;
import dev.factory.plan.Owner;
import dev.factory.plan.Ownership;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EgressPlannerTest {
    static final Owner OWNER = Owner.of("ours");
    static final Owner OTHER = Owner.of("theirs");
    static final Address ADDRESS = Address.of("egress", "lane");
    static final Address IMAGE = Address.of("image", "egress-proxy");
    static final String IMAGE_ID = "sha256:egress";

    final EgressPolicy policy = new EgressPolicy(EgressPolicy.Mode.ENFORCE, List.of(EgressRule.parse("registry.npmjs.org")), Map.of(),
            EgressPolicy.Layout.of("lane", "10.203.0.0/16", 9));
    final Map<String, String> files = SquidConfig.files("lane", policy, EgressSettings.DEFAULTS);

    EgressPlanner.Wanted wanted(String imageId, boolean pending, String why) {
        return new EgressPlanner.Wanted("lane", policy, files, imageId, pending, why, IMAGE, SourceLocation.of(Path.of("profiles.yaml")));
    }

    EgressPlanner.Wanted ready() {
        return wanted(IMAGE_ID, false, null);
    }

    /** Everything as apply leaves it. */
    static final class World {
        final List<EngineContainer> containers = new ArrayList<>();
        final List<NetworkEngine.EngineNetwork> networks = new ArrayList<>();
        final List<VolumeEngine.EngineVolume> volumes = new ArrayList<>();
        final Map<String, Map<String, String>> files = new HashMap<>();

        EgressPlanner.Live live() {
            return new EgressPlanner.Live(containers, networks, volumes, files);
        }
    }

    World applied(Owner owner, Address address) {
        var w = new World();
        var layout = policy.layout();
        w.networks.add(new NetworkEngine.EngineNetwork("net1", layout.network(), "bridge", true, owner.labels(address, EgressPlanner.networkHash(layout))));
        w.volumes.add(new VolumeEngine.EngineVolume(layout.volume(), "local", owner.labels(address, "egress")));
        w.containers.add(new EngineContainer("p1", layout.proxyContainer(), IMAGE_ID, "running", owner.labels(address, EgressPlanner.proxyHash(IMAGE_ID, layout, files))));
        w.containers.add(new EngineContainer("g1", layout.gateContainer(), IMAGE_ID, "running", owner.labels(address, EgressPlanner.gateHash(IMAGE_ID, layout, files))));
        w.files.put(address.name(), files);
        return w;
    }

    static Change only(KindPlan plan) {
        assertEquals(1, plan.changes().size(), plan.changes().toString());
        return plan.changes().get(0);
    }

    KindPlan plan(World world, EgressPlanner.Wanted... wanted) {
        return plan(world, Map.of(), wanted);
    }

    KindPlan plan(World world, Map<Address, Change> earlier, EgressPlanner.Wanted... wanted) {
        var map = new HashMap<String, EgressPlanner.Wanted>();
        for (var w : wanted) map.put(w.profile(), w);
        return EgressPlanner.plan(OWNER, map, world.live(), earlier);
    }

    @Test
    void nothingThereIsACreateThatWaitsForTheImage() {
        var c = only(plan(new World(), ready()));
        assertEquals(Action.CREATE, c.action());
        assertEquals(List.of(IMAGE), c.dependsOn());
        assertEquals("enforce", c.after().get("mode"));
        assertEquals(List.of("registry.npmjs.org"), c.after().get("allow"));
        assertEquals("10.203.9.0/24", c.after().get("subnet"));
    }

    @Test
    void whatApplyLeavesIsANoOp() {
        var world = applied(OWNER, ADDRESS);
        // others' objects listed first are not mistaken for this profile's
        world.networks.add(0, new NetworkEngine.EngineNetwork("b", "bridge", "bridge", false, Map.of()));
        world.volumes.add(0, new VolumeEngine.EngineVolume("pnpm-store", "local", Map.of()));
        world.containers.add(0, new EngineContainer("w", "web-1", "i", "exited", Map.of()));
        var c = only(plan(world, ready()));
        assertEquals(Action.NO_OP, c.action(), c.reason());
        assertEquals("enforced", c.reason());
        var layout = policy.layout();
        assertEquals(EgressPlanner.networkHash(layout), c.before().get("network"));
        assertEquals(EgressPlanner.proxyHash(IMAGE_ID, layout, files), c.before().get("proxy"));
        assertEquals(EgressPlanner.gateHash(IMAGE_ID, layout, files), c.before().get("gate"));
        var noGate = applied(OWNER, ADDRESS);
        noGate.containers.remove(1);
        noGate.networks.clear();
        var partial = only(plan(noGate, ready()));
        assertEquals(null, partial.before().get("gate"));
        assertEquals(null, partial.before().get("network"));
    }

    @Test
    void eachDriftedPartIsNamed() {
        var world = applied(OWNER, ADDRESS);
        world.containers.set(0, new EngineContainer("p1", policy.layout().proxyContainer(), IMAGE_ID, "exited", world.containers.get(0).labels()));
        var c = only(plan(world, ready()));
        assertEquals(Action.UPDATE, c.action());
        assertEquals("proxy exited", c.reason());

        world = applied(OWNER, ADDRESS);
        world.containers.remove(1);
        assertEquals("gate missing", only(plan(world, ready())).reason());

        world = applied(OWNER, ADDRESS);
        world.files.put("lane", Map.of("squid.conf", "http_access allow all\n"));
        assertEquals("files in the state dir differ", only(plan(world, ready())).reason());

        world = applied(OWNER, ADDRESS);
        world.files.remove("lane");
        assertEquals("files in the state dir differ", only(plan(world, ready())).reason());

        world = applied(OWNER, ADDRESS);
        world.volumes.clear();
        assertEquals("volume missing", only(plan(world, ready())).reason());

        world = applied(OWNER, ADDRESS);
        world.networks.clear();
        assertEquals(Action.UPDATE, only(plan(world, ready())).action());
        assertEquals("network missing", only(plan(world, ready())).reason());
    }

    @Test
    void aChangedAllowListReconfiguresTheProxyAndLeavesTheGate() {
        var world = applied(OWNER, ADDRESS);
        var wider = new EgressPolicy(EgressPolicy.Mode.ENFORCE, List.of(EgressRule.parse("registry.npmjs.org"), EgressRule.parse("github.com")),
                Map.of(), policy.layout());
        var w = new EgressPlanner.Wanted("lane", wider, SquidConfig.files("lane", wider, EgressSettings.DEFAULTS), IMAGE_ID, false, null, IMAGE,
                SourceLocation.of(Path.of("p.yaml")));
        var c = only(plan(world, w));
        assertEquals(Action.UPDATE, c.action());
        assertEquals("proxy configuration changed, files in the state dir differ", c.reason());
    }

    @Test
    void aRebuiltImageUpdatesAndUnknownAfterApplyHashesAreNotADifference() {
        var c = only(plan(applied(OWNER, ADDRESS), wanted(null, true, "image image/egress-proxy rebuilt")));
        assertEquals(Action.UPDATE, c.action());
        assertEquals("image image/egress-proxy rebuilt", c.reason());
        assertEquals(EgressPlanner.KNOWN_AFTER_APPLY, c.after().get("proxy"));
        var newImage = only(plan(applied(OWNER, ADDRESS), wanted("sha256:new", false, null)));
        assertEquals("proxy configuration changed, gate configuration changed", newImage.reason());
    }

    @Test
    void anImageNeitherBuiltNorPlannedIsUnknown() {
        var c = only(plan(new World(), wanted(null, false, "image egress-proxy:latest is missing")));
        assertEquals(Action.UNKNOWN, c.action());
        assertEquals("image egress-proxy:latest is missing", c.reason());
    }

    @Test
    void aMovedSubnetReplaces() {
        var world = applied(OWNER, ADDRESS);
        var moved = new EgressPolicy(EgressPolicy.Mode.ENFORCE, policy.allow(), Map.of(), EgressPolicy.Layout.of("lane", "10.203.0.0/16", 10));
        var w = new EgressPlanner.Wanted("lane", moved, SquidConfig.files("lane", moved, EgressSettings.DEFAULTS), IMAGE_ID, false, null, IMAGE,
                SourceLocation.of(Path.of("p.yaml")));
        // the network keeps its name; its hash says the old subnet
        var c = only(plan(world, w));
        assertEquals(Action.REPLACE, c.action());
        assertTrue(c.reason().contains("now 10.203.10.0/24"), c.reason());
    }

    @Test
    void namesTakenBySomethingNotOursAreUnknownWithAnErrorAndNothingIsPlannedForThem() {
        var world = new World();
        world.networks.add(new NetworkEngine.EngineNetwork("n", policy.layout().network(), "bridge", false, Map.of()));
        var plan = plan(world, ready());
        assertEquals(Action.UNKNOWN, only(plan).action());
        assertTrue(plan.diagnostics().get(0).summary().contains("network factory-egress-lane exists and factory does not own it"), plan.diagnostics().toString());

        var theirs = applied(OTHER, ADDRESS);
        var plan2 = plan(theirs, ready());
        assertEquals(Action.UNKNOWN, only(plan2).action(), "another lineage's egress is not ours to change");
        assertTrue(only(plan2).reason().contains("container factory-egress-lane-proxy"), only(plan2).reason());
    }

    @Test
    void ourEgressOfAProfileNoLongerEnforcedIsDeletedAfterTheContainersThatUsedIt() {
        var world = applied(OWNER, ADDRESS);
        var leaving = Change.of(Address.of("container", "lane-1"), Action.REPLACE, "network changed", null, null, List.of());
        var removed = Change.of(Address.of("container", "old-1"), Action.DELETE, "no longer declared", null, null, List.of());
        var kept = Change.of(Address.of("container", "web-1"), Action.NO_OP, "ok", null, null, List.of());
        var earlier = Map.of(leaving.address(), leaving, removed.address(), removed, kept.address(), kept);
        var c = only(plan(world, earlier));
        assertEquals(Action.DELETE, c.action());
        assertEquals(ADDRESS, c.address());
        assertEquals(java.util.Set.of(leaving.address(), removed.address()), java.util.Set.copyOf(c.dependsOn()));
    }

    @Test
    void anyOneOwnedPartLeftBehindIsStillDeleted() {
        for (int part = 0; part < 3; part++) {
            var world = applied(OWNER, ADDRESS);
            if (part != 0) world.containers.clear();
            if (part != 1) world.networks.clear();
            if (part != 2) world.volumes.clear();
            assertEquals(Action.DELETE, only(plan(world)).action(), "part " + part);
        }
    }

    @Test
    void whatIsNotOursIsNeverDeleted() {
        assertEquals(List.of(), plan(applied(OTHER, ADDRESS)).changes(), "another lineage's egress");
        var unlabelled = new World();
        unlabelled.networks.add(new NetworkEngine.EngineNetwork("n", "factory-egress-lane", "bridge", true, Map.of()));
        unlabelled.volumes.add(new VolumeEngine.EngineVolume("factory-egress-lane", "local", Map.of()));
        unlabelled.containers.add(new EngineContainer("c", "factory-egress-lane-proxy", "i", "running", Map.of()));
        assertEquals(List.of(), plan(unlabelled).changes(), "same names, no labels");
        var otherKind = new World();
        otherKind.networks.add(new NetworkEngine.EngineNetwork("n", "lane", "bridge", true, OWNER.labels(Address.of("network", "lane"), "h")));
        otherKind.containers.add(new EngineContainer("c", "lane-1", "i", "running", OWNER.labels(Address.of("container", "lane-1"), "h")));
        assertEquals(List.of(), plan(otherKind).changes(), "ours, but the network and container kinds'");
    }

    @Test
    void aStillDeclaredProfileIsNotDeletedWhileAnotherIs() {
        var world = applied(OWNER, ADDRESS);
        var gone = Address.of("egress", "old");
        world.containers.add(new EngineContainer("x", "factory-egress-old-gate", IMAGE_ID, "running", OWNER.labels(gone, "h")));
        var plan = plan(world, ready());
        assertEquals(2, plan.changes().size());
        assertEquals(Action.NO_OP, plan.changes().get(0).action());
        assertEquals(gone, plan.changes().get(1).address());
        assertEquals(Action.DELETE, plan.changes().get(1).action());
        assertEquals(Ownership.ADDRESS, "dev.factory.address");
    }
}
