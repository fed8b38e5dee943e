package dev.factory.kinds.container;

import dev.factory.engine.port.EngineContainer;
import dev.factory.engine.port.MountSpec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.plan.Action;
import dev.factory.plan.Address;
import dev.factory.plan.Change;
import dev.factory.plan.KindPlan;
import dev.factory.plan.Ownership;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ContainerPlannerTest {
    private static final dev.factory.plan.Owner OWNER = dev.factory.plan.Owner.of("box");
    private static final String IMAGE_ID = "sha256:img1";

    private final Map<String, ContainerSpec> desired = new TreeMap<>();
    private final Map<String, ContainerPlanner.ImageState> images = new HashMap<>();
    private final Map<String, List<String>> blockers = new HashMap<>();
    private final List<EngineContainer> live = new ArrayList<>();

    static ProfileSpec profile(Map<String, String> env) {
        return new ProfileSpec("worker", "app", "1000:1000", "bridge", 1.0, 64L << 20, 64L,
                List.of(new MountSpec(MountSpec.Type.BIND, "/srv/data", "/data", true)), env, List.of(),
                List.of("ALL"), List.of(), List.of(ProfileSpec.NO_NEW_PRIVILEGES), false, List.of(), null, null, List.of(), Map.of(), null, List.of());
    }

    private void declare(String service, int replicas, ProfileSpec profile) {
        var s = new ServiceSpec(service, "worker", null, List.of("sleep", "1"), "unless-stopped", replicas, null);
        for (int i = 1; i <= replicas; i++) {
            var spec = ContainerSpec.replica(s, profile, i);
            desired.put(spec.name(), spec);
            images.put(spec.name(), ContainerPlanner.ImageState.ready(IMAGE_ID));
        }
    }

    /** A container as apply would have created it from {@code spec}. */
    private void running(ContainerSpec spec, String state) {
        var fields = ContainerFields.digests(spec, IMAGE_ID);
        var labels = new HashMap<>(Ownership.labels(OWNER, spec.address(), ContainerFields.hash(fields)));
        labels.put(ContainerFields.LABEL, ContainerFields.label(fields));
        live.add(new EngineContainer("id-" + spec.name(), spec.name(), IMAGE_ID, state, labels));
    }

    private KindPlan plan() {
        var replicas = new HashMap<String, Integer>();
        desired.values().forEach(s -> replicas.merge(s.name().substring(0, s.name().lastIndexOf('-')), 1, Integer::sum));
        return ContainerPlanner.plan(new ContainerPlanner.Input(OWNER, desired, images, blockers, Map.of(), live, replicas));
    }

    private static Change change(KindPlan plan, String name) {
        return plan.changes().stream().filter(c -> c.address().name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void createsMissingAndLeavesRunningAlone() {
        declare("svc", 2, profile(Map.of("A", "1")));
        running(desired.get("svc-1"), "running");

        var plan = plan();

        assertEquals(Action.NO_OP, change(plan, "svc-1").action());
        assertEquals(Action.CREATE, change(plan, "svc-2").action());
    }

    @Test
    void aStoppedContainerIsStarted() {
        declare("svc", 1, profile(Map.of()));
        running(desired.get("svc-1"), "exited");

        var c = change(plan(), "svc-1");
        assertEquals(Action.UPDATE, c.action());
        assertEquals("stopped (exited); start it", c.reason());
    }

    @Test
    void aChangedFieldReplacesAndIsNamed() {
        declare("svc", 1, profile(Map.of("A", "1")));
        running(desired.get("svc-1"), "running");
        desired.clear();
        declare("svc", 1, profile(Map.of("A", "2")));

        var c = change(plan(), "svc-1");
        assertEquals(Action.REPLACE, c.action());
        assertEquals("changed: env", c.reason());
    }

    @Test
    void aSecretReferenceIsHashedAsWrittenNeverResolved() {
        var withRef = ContainerFields.digests(ContainerSpec.replica(
                new ServiceSpec("s", "worker", null, List.of(), "no", 1, null), profile(Map.of("T", "${secret:a.env#T}")), 1), IMAGE_ID);
        var other = ContainerFields.digests(ContainerSpec.replica(
                new ServiceSpec("s", "worker", null, List.of(), "no", 1, null), profile(Map.of("T", "${secret:b.env#T}")), 1), IMAGE_ID);
        assertEquals(List.of("env"), ContainerFields.changed(withRef, other));
        assertTrue(ContainerFields.label(withRef).matches("[a-z]+=[0-9a-f]{12}(,[a-z]+=[0-9a-f]{12})*"));
    }

    @Test
    void onePlansMemoAnswersWhatEachContainersOwnDigestsAnswer() {
        var memo = new ContainerFields.Memo();
        var specs = List.of(
                ContainerSpec.replica(new ServiceSpec("a", "worker", null, List.of("run"), "no", 2, null), profile(Map.of("T", "1")), 1),
                ContainerSpec.replica(new ServiceSpec("a", "worker", null, List.of("run"), "no", 2, null), profile(Map.of("T", "1")), 2),
                ContainerSpec.replica(new ServiceSpec("b", "worker", null, List.of("run", "x"), "always", 1, null), profile(Map.of("T", "1")), 1),
                ContainerSpec.replica(new ServiceSpec("c", "worker", null, List.of("run"), "no", 1, null), profile(Map.of("T", "2")), 1));
        var hashes = new java.util.HashSet<String>();
        for (String image : List.of(IMAGE_ID, "sha256:other")) {
            for (var spec : specs) {
                var plain = ContainerFields.digests(spec, image);
                var kept = memo.digests(spec, image, ContainerFields::profileDigests);
                assertEquals(plain, kept, spec.name() + " " + image);
                assertEquals(ContainerFields.hash(plain), memo.hash(kept));
                assertEquals(ContainerFields.label(plain), memo.label(kept));
                hashes.add(memo.hash(kept));
            }
        }
        assertEquals(6, hashes.size(), "two replicas alike; every other difference (command, restart, env, image) is another hash");
    }

    @Test
    void aRebuiltImageReplacesWithThatReason() {
        declare("svc", 1, profile(Map.of()));
        running(desired.get("svc-1"), "running");
        images.put("svc-1", ContainerPlanner.ImageState.rebuilt("image image/app rebuilt"));

        var c = change(plan(), "svc-1");
        assertEquals(Action.REPLACE, c.action());
        assertEquals("image image/app rebuilt", c.reason());
        assertEquals("(known after apply)", c.after().get("hash"));
    }

    @Test
    void extraReplicasAndUndeclaredServicesAreDeleted() {
        declare("svc", 3, profile(Map.of()));
        desired.values().forEach(s -> running(s, "running"));
        var gone = ContainerSpec.replica(new ServiceSpec("old", "worker", null, List.of(), "no", 1, null), profile(Map.of()), 1);
        running(gone, "running");
        desired.remove("svc-3");

        var plan = plan();

        assertEquals(Action.DELETE, change(plan, "svc-3").action());
        assertEquals("extra replica (replicas: 2)", change(plan, "svc-3").reason());
        assertEquals("no longer declared", change(plan, "old-1").reason());
    }

    @Test
    void unmanagedLanesAndForeignContainersAreNeverDeleted() {
        declare("svc", 1, profile(Map.of()));
        running(desired.get("svc-1"), "running");
        live.add(new EngineContainer("x", "svc-1-copy", "i", "running", Map.of()));
        live.add(new EngineContainer("y", "lane-r-codex-f", "i", "running",
                Ownership.labels(OWNER, Address.of("lane", "lane-r-codex-f"), "-")));
        live.add(new EngineContainer("z", "theirs-1", "i", "running",
                Ownership.labels(dev.factory.plan.Owner.of("someone-else"), Address.of("container", "theirs-1"), "h")));

        var plan = plan();

        assertEquals(1, plan.changes().size());
        assertEquals(Action.NO_OP, plan.changes().get(0).action());
    }

    @Test
    void aContainerRunFromOurImageInheritsItsLabelsButIsNotOurs() {
        declare("svc", 1, profile(Map.of()));
        live.add(new EngineContainer("x", "svc-1", "i", "running",
                Ownership.labels(OWNER, Address.of("image", "app"), "h")));

        var plan = plan();

        assertEquals(Action.UNKNOWN, change(plan, "svc-1").action(), "a collision, not ours to replace");
        assertTrue(plan.diagnostics().get(0).isError());
    }

    @Test
    void aNameTakenByAnUnmanagedContainerIsAnError() {
        declare("svc", 1, profile(Map.of()));
        live.add(new EngineContainer("x", "svc-1", "i", "running", Map.of()));

        var plan = plan();

        assertEquals(Action.UNKNOWN, change(plan, "svc-1").action());
        assertTrue(plan.diagnostics().get(0).isError());
    }

    @Test
    void hostProblemsMakeTheChangeUnknown() {
        declare("svc", 1, profile(Map.of()));
        blockers.put("svc-1", List.of("mount source /srv/data does not exist"));

        var c = change(plan(), "svc-1");
        assertEquals(Action.UNKNOWN, c.action());
        assertEquals("mount source /srv/data does not exist", c.reason());
    }

    @Test
    void aNameClashIsReportedAtTheServicesOwnDeclarationNotItsProfiles() {
        var profileAt = new dev.factory.config.SourceLocation(java.nio.file.Path.of("services.yaml"), 2, 3);
        var serviceAt = new dev.factory.config.SourceLocation(java.nio.file.Path.of("adopt.yaml"), 4, 5);
        var base = profile(Map.of());
        var profile = new ProfileSpec(base.name(), base.image(), base.user(), base.network(), base.cpus(), base.memoryBytes(), base.pids(),
                base.mounts(), base.env(), base.envFiles(), base.capDrop(), base.capAdd(), base.securityOpt(), base.readOnlyRootfs(),
                base.extraHosts(), base.workdir(), profileAt, base.mcpClients(), base.endpoints(), base.egress(), base.devices());
        var spec = ContainerSpec.replica(new ServiceSpec("adopted", "worker", null, List.of(), "no", 1, serviceAt), profile, 1);
        desired.put(spec.name(), spec);
        images.put(spec.name(), ContainerPlanner.ImageState.ready(IMAGE_ID));
        live.add(new EngineContainer("id-x", "adopted-1", IMAGE_ID, "running", Map.of()));

        var plan = plan();

        assertEquals(Action.UNKNOWN, change(plan, "adopted-1").action());
        assertEquals(1, plan.diagnostics().size());
        assertEquals(serviceAt, plan.diagnostics().get(0).location());
    }
}
