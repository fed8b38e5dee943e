package dev.factory.kinds.swarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.factory.kinds.container.ClusterSpec;
import dev.factory.kinds.container.ContainerFields;
import dev.factory.plan.Action;
import dev.factory.plan.Change;
import dev.factory.plan.KindPlan;
import dev.factory.plan.Owner;
import dev.factory.plan.Ownership;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SwarmPlannerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Owner owner = Owner.of("swarm-c1");
    private final ClusterSpec cluster = new ClusterSpec("swarm", "127.0.0.1:5000",
            Map.of("worker", new ClusterSpec.NodeSpec("worker", null, "w1", Map.of("tier", "agents"), List.of(), List.of(), List.of(), null, null)), null);
    private SwarmEngine.State state = new SwarmEngine.State("active", "m", "10.0.0.1", "m1", true, "c1", true);
    private final List<SwarmEngine.Node> nodes = new ArrayList<>(List.of(
            node("m", "m1", true, "ready", Map.of()),
            node("w", "w1", false, "ready", Map.of("tier", "agents", ClusterSpec.OWNED_LABELS, "tier"))));
    private final List<SwarmEngine.Service> services = new ArrayList<>();
    private final List<SwarmEngine.Task> tasks = new ArrayList<>();
    private final Map<String, Workload> workloads = new TreeMap<>();
    private final Map<String, SwarmPlanner.Push> pushes = new TreeMap<>();
    private final Map<String, List<String>> blockers = new HashMap<>();

    static SwarmEngine.Node node(String id, String hostname, boolean leader, String state, Map<String, String> labels) {
        return new SwarmEngine.Node(id, 1, hostname, "10.0.0." + id.length(), leader ? "manager" : "worker", leader, state, "active", labels,
                JSON.createObjectNode());
    }

    private Workload declare(int replicas) {
        var w = SwarmSpecsTest.service(replicas, null, null);
        workloads.put(w.address().toString(), w);
        pushes.put("app", SwarmPlanner.Push.local("app", "sha256:1", "127.0.0.1:5000/app@sha256:d"));
        return w;
    }

    private SwarmEngine.Service live(String name, String address, Owner by, String hash) {
        var labels = new HashMap<>(by.labels(dev.factory.plan.Address.parse(address), hash));
        var spec = JSON.createObjectNode();
        spec.putObject("Mode").putObject("Replicated").put("Replicas", 2);
        var s = new SwarmEngine.Service("id-" + name, 7, name, labels, spec);
        services.add(s);
        return s;
    }

    private KindPlan plan() {
        return SwarmPlanner.plan(new SwarmPlanner.Input(owner, cluster, state, nodes, services, tasks, workloads, pushes, blockers, Map.of()));
    }

    private static Change change(KindPlan plan, String address) {
        return plan.changes().stream().filter(c -> c.address().toString().equals(address)).findFirst().orElseThrow(() -> new AssertionError(address + " not in " + plan.changes()));
    }

    private String hashOf(Workload w) {
        return ContainerFields.hash(SwarmSpecs.digests(w, "127.0.0.1:5000/app@sha256:d"));
    }

    @Test
    void aServiceNotOnTheSwarmIsCreatedAndAMatchingOneRunningIsNoOp() {
        var w = declare(2);
        assertEquals(Action.CREATE, change(plan(), "service/web").action());
        var s = live("web", "service/web", owner, hashOf(w));
        tasks.add(new SwarmEngine.Task("t1", s.id(), "w", "running", "running", null, null, 0));
        tasks.add(new SwarmEngine.Task("t2", s.id(), "m", "running", "running", null, null, 0));
        var noop = change(plan(), "service/web");
        assertEquals(Action.NO_OP, noop.action());
        assertTrue(noop.reason().startsWith("2/2 running on "), noop.reason());
    }

    @Test
    void aChangedSpecIsAnUpdateNamingTheField() {
        declare(2);
        var s = live("web", "service/web", owner, "old");
        s.labels().put(ContainerFields.LABEL, "mode=000000000000");
        var c = change(plan(), "service/web");
        assertEquals(Action.UPDATE, c.action());
        assertTrue(c.reason().contains("mode"), c.reason());
    }

    @Test
    void replicasShortAreSaidNotFixed() {
        var w = declare(2);
        var s = live("web", "service/web", owner, hashOf(w));
        tasks.add(new SwarmEngine.Task("t1", s.id(), "m", "running", "running", null, null, 0));
        tasks.add(new SwarmEngine.Task("t0", s.id(), "w", "shutdown", "shutdown", null, null, 0));
        var plan = plan();
        var c = change(plan, "service/web");
        assertEquals(Action.NO_OP, c.action());
        assertTrue(c.reason().startsWith("replicas short: 1/2 running"), c.reason());
        assertTrue(plan.diagnostics().stream().anyMatch(d -> d.summary().contains("service/web: replicas short, 1/2 running")), plan.diagnostics().toString());
    }

    @Test
    void onlyOurUndeclaredServicesAreDeletedNeverAnotherLineagesNorAnUnlabelledOne() {
        declare(1);
        live("gone", "service/gone", owner, "h");
        live("oldjob", "job/oldjob", owner, "h");
        live("theirs", "service/theirs", Owner.of("swarm-other"), "h");
        services.add(new SwarmEngine.Service("id-plain", 1, "plain", Map.of(), JSON.createObjectNode()));
        live("img", "image/img", owner, "h");   // an address of another kind is never a service to delete
        live("web", "service/web", owner, "h");   // declared: updated, never deleted
        var plan = plan();
        var deletes = plan.changes().stream().filter(c -> c.action() == Action.DELETE).map(c -> c.address().toString()).sorted().toList();
        assertEquals(List.of("job/oldjob", "service/gone"), deletes);
        assertEquals(List.of("service/theirs"), plan.foreign().stream().map(f -> f.address().toString()).toList());
    }

    @Test
    void aNameHeldByAServiceFactoryDoesNotOwnIsUnknownAndUntouched() {
        declare(1);
        services.add(new SwarmEngine.Service("id-web", 1, "web", Map.of(), JSON.createObjectNode()));
        var plan = plan();
        assertEquals(Action.UNKNOWN, change(plan, "service/web").action());
        assertTrue(plan.diagnostics().stream().anyMatch(d -> d.summary().contains("a service factory does not own")));
        assertTrue(plan.changes().stream().noneMatch(c -> c.action() == Action.DELETE));
    }

    @Test
    void aFollowerOrAWorkerPlansNothingOfTheSwarms() {
        declare(1);
        live("gone", "service/gone", owner, "h");
        state = new SwarmEngine.State("active", "w", "10.0.0.1", "w1", false, "c1", true);
        var plan = plan();
        assertEquals(List.of(), plan.changes());
        assertTrue(plan.diagnostics().get(0).summary().contains("this engine is a swarm worker"), plan.diagnostics().toString());
        state = new SwarmEngine.State("active", "x", "10.0.0.9", "x1", true, "c1", true);
        var follower = plan();
        assertEquals(List.of(), follower.changes());
        assertTrue(follower.diagnostics().get(0).summary().contains("the leader (m1 "), follower.diagnostics().toString());
    }

    @Test
    void anEngineOutsideASwarmMakesEverythingUnknownAndIsAnError() {
        declare(1);
        state = new SwarmEngine.State("inactive", null, null, "h", false, null, false);
        var plan = plan();
        assertTrue(plan.changes().stream().allMatch(c -> c.action() == Action.UNKNOWN));
        assertEquals(List.of("node/worker", "registry/app", "service/web"), plan.changes().stream().map(c -> c.address().toString()).sorted().toList());
        assertEquals(dev.factory.config.Diagnostic.Severity.ERROR, plan.diagnostics().get(0).severity());
    }

    @Test
    void nodeLabelsFollowTheConfigAndADownNodeIsWarnedOf() {
        assertEquals(Action.NO_OP, change(plan(), "node/worker").action());
        nodes.set(1, node("w", "w1", false, "down", Map.of()));
        var plan = plan();
        var c = change(plan, "node/worker");
        assertEquals(Action.UPDATE, c.action());
        assertEquals("labels: +tier=agents", c.reason());
        assertTrue(plan.diagnostics().stream().anyMatch(d -> d.summary().contains("node worker (") && d.summary().contains("is down")));
    }

    @Test
    void aDeclaredNodeNotInTheSwarmIsUnknownAndAnUndeclaredOneLosesOnlyOurLabels() {
        nodes.set(1, node("w", "other", false, "ready", Map.of("tier", "agents", "zone", "x", ClusterSpec.OWNED_LABELS, "tier")));
        var plan = plan();
        assertEquals(Action.UNKNOWN, change(plan, "node/worker").action());
        var undeclared = plan.changes().stream().filter(c -> c.address().toString().startsWith("node/other")).findFirst().orElseThrow();
        assertEquals(Action.UPDATE, undeclared.action());
        assertEquals("no longer declared; labels: -tier", undeclared.reason());
        assertTrue(plan.changes().stream().noneMatch(ch -> ch.action() == Action.DELETE));
    }

    @Test
    void pushesFollowTheirImage() {
        var w = declare(1);
        assertEquals(Action.NO_OP, change(plan(), "registry/app").action());
        pushes.put("app", SwarmPlanner.Push.local("app", "sha256:1", null));
        var notPushed = plan();
        assertEquals(Action.CREATE, change(notPushed, "registry/app").action());
        assertEquals(Action.CREATE, change(notPushed, "service/web").action());
        live("web", "service/web", owner, hashOf(w));
        var pending = change(plan(), "service/web");
        assertEquals(Action.UPDATE, pending.action());
        assertEquals("image app pushed", pending.reason());
        pushes.put("app", SwarmPlanner.Push.built("app", "rebuilt"));
        assertEquals("image app rebuilt", change(plan(), "service/web").reason());
        pushes.put("app", SwarmPlanner.Push.unknown("app", "image image/app is unknown"));
        assertEquals(Action.UNKNOWN, change(plan(), "service/web").action());
        assertEquals(Action.UNKNOWN, change(plan(), "registry/app").action());
    }

    @Test
    void aBlockedWorkloadIsUnknown() {
        declare(1);
        blockers.put("service/web", List.of("mount source /srv/data does not exist"));
        var c = change(plan(), "service/web");
        assertEquals(Action.UNKNOWN, c.action());
        assertEquals("mount source /srv/data does not exist", c.reason());
        assertEquals(Ownership.HASH, "dev.factory.hash");
    }

    @Test
    void factsSayWhereEachReplicaRuns() {
        var w = declare(3);
        var s = live("web", "service/web", owner, hashOf(w));
        ((com.fasterxml.jackson.databind.node.ObjectNode) s.spec().path("Mode").path("Replicated")).put("Replicas", 3);
        tasks.add(new SwarmEngine.Task("t1", s.id(), "w", "running", "running", null, null, 0));
        tasks.add(new SwarmEngine.Task("t2", s.id(), "w", "running", "running", null, null, 0));
        tasks.add(new SwarmEngine.Task("t3", s.id(), "m", "running", "running", null, null, 0));
        tasks.add(new SwarmEngine.Task("t4", s.id(), "m", "running", "shutdown", null, null, 0));   // on its way out: not counted
        tasks.add(new SwarmEngine.Task("t5", "other", "m", "running", "running", null, null, 0));   // another service's
        assertEquals("3/3 running on m1 10.0.0.1, worker 10.0.0.1 x2", change(plan(), "service/web").reason());
        tasks.removeIf(t -> !t.id().equals("t1"));
        assertEquals("replicas short: 1/3 running on worker 10.0.0.1", change(plan(), "service/web").reason());
        var live = SwarmPayload.live(s, tasks);
        assertEquals(1, live.running());
        assertEquals(3, live.desired());
        assertEquals(Map.of("w", 1), live.nodes());
        assertEquals("h", SwarmPayload.live(new SwarmEngine.Service("x", 1, "x", Map.of(Ownership.HASH, "h"), JSON.createObjectNode()), tasks).hash());
    }

    @Test
    void aJobsFactsAreItsLastRunAndItsPayloadHasNoReplicas() {
        var job = Workload.job("nightly", SwarmSpecsTest.profile("host"), List.of("true"));
        workloads.put(job.address().toString(), job);
        pushes.put("app", SwarmPlanner.Push.local("app", "sha256:1", "127.0.0.1:5000/app@sha256:d"));
        var created = change(plan(), "job/nightly");
        assertEquals(Action.CREATE, created.action());
        assertTrue(!created.after().containsKey("replicas"), created.after().toString());
        var spec = JSON.createObjectNode();
        spec.putObject("Mode").putObject("ReplicatedJob");
        var labels = new HashMap<>(owner.labels(job.address(), ContainerFields.hash(SwarmSpecs.digests(job, "127.0.0.1:5000/app@sha256:d"))));
        var s = new SwarmEngine.Service("j1", 3, "job-nightly", labels, spec);
        services.add(s);
        assertEquals("not run yet", change(plan(), "job/nightly").reason());
        tasks.add(new SwarmEngine.Task("r1", "j1", "m", "failed", "shutdown", 3, "task: non-zero exit (3)", 1));
        tasks.add(new SwarmEngine.Task("r2", "j1", "m", "complete", "shutdown", 0, null, 2));
        var c = change(plan(), "job/nightly");
        assertEquals(Action.NO_OP, c.action());
        assertEquals("last run complete (exit 0)", c.reason());
        assertTrue(plan().diagnostics().stream().noneMatch(d -> d.summary().contains("replicas short")), "a job is never short");
        var live = SwarmPayload.live(s, tasks);
        assertEquals(null, live.running());
        assertEquals(null, live.desired());
    }

    @Test
    void anImageNotYetKnownLeavesTheReferenceAndHashToApply() {
        declare(1);
        pushes.put("app", SwarmPlanner.Push.built("app", "built"));
        var c = change(plan(), "service/web");
        assertEquals(Action.CREATE, c.action());
        assertEquals(SwarmPlanner.KNOWN_AFTER_APPLY, c.after().get("image"));
        assertEquals(SwarmPlanner.KNOWN_AFTER_APPLY, c.after().get("hash"));
        assertTrue(!c.after().containsKey("fields"), c.after().toString());
        var push = change(plan(), "registry/app");
        assertEquals("push to 127.0.0.1:5000/app after built", push.reason());
        pushes.put("app", SwarmPlanner.Push.local("app", "sha256:1", null));
        assertEquals("not in 127.0.0.1:5000/app yet", change(plan(), "registry/app").reason());
        pushes.put("app", SwarmPlanner.Push.local("app", "sha256:1", "127.0.0.1:5000/app@sha256:d"));
        var ready = change(plan(), "service/web");
        assertEquals("127.0.0.1:5000/app@sha256:d", ready.after().get("image"));
        assertEquals(1, ready.after().get("replicas"));
    }

    @Test
    void nodeWarningsNameWhatToDo() {
        var two = new ClusterSpec("swarm", "r", Map.of("worker", new ClusterSpec.NodeSpec("worker", "10.0.0.9", null, Map.of(), List.of(), List.of(),
                List.of(), null, null)), null);
        var plan = SwarmPlanner.plan(new SwarmPlanner.Input(owner, two, state, nodes, services, tasks, workloads, pushes, blockers, Map.of()));
        assertEquals("not in the swarm", change(plan, "node/worker").reason());
        assertTrue(plan.diagnostics().stream().anyMatch(d -> d.summary().equals(
                "node worker is not in the swarm: join it (docker swarm join --advertise-addr 10.0.0.9 ...); its labels wait until then")), plan.diagnostics().toString());
        var byName = new ClusterSpec("swarm", "r", Map.of("vm", new ClusterSpec.NodeSpec("vm", null, null, Map.of(), List.of(), List.of(),
                List.of(), null, null)), null);
        nodes.set(0, node("m", "vm", true, "ready", Map.of()));
        nodes.set(1, node("w", "vm", false, "ready", Map.of()));
        var twice = SwarmPlanner.plan(new SwarmPlanner.Input(owner, byName, state, nodes, services, tasks, workloads, pushes, blockers, Map.of()));
        assertEquals("2 nodes match it", change(twice, "node/vm").reason());
        assertTrue(twice.diagnostics().stream().anyMatch(d -> d.summary().equals("node vm is 2 nodes match it; give it an address so it is recognised by "
                + "what it advertises; its labels wait until then")), twice.diagnostics().toString());
    }

    @Test
    void aDrainedDeclaredNodeAndADownUndeclaredOneAreWarnedOf() {
        nodes.set(1, new SwarmEngine.Node("w", 1, "w1", "10.0.0.1", "worker", false, "ready", "drain",
                Map.of("tier", "agents", ClusterSpec.OWNED_LABELS, "tier"), JSON.createObjectNode()));
        nodes.add(node("x", "stray", false, "down", Map.of()));
        var plan = plan();
        var summaries = plan.diagnostics().stream().map(d -> d.summary()).toList();
        assertTrue(summaries.contains("node worker (10.0.0.1) is ready, drain; its tasks wait or moved to other nodes"), summaries.toString());
        assertTrue(summaries.contains("node stray (10.0.0.1) is down, active; its tasks wait or moved to other nodes"), summaries.toString());
        assertEquals("ready, drain", change(plan, "node/worker").reason());
        assertEquals(2, summaries.stream().filter(x -> x.contains("its tasks wait")).count(), summaries.toString());
    }

    @Test
    void aJobsNameTakenIsReportedUnderJobs() {
        var job = Workload.job("nightly", SwarmSpecsTest.profile("host"), List.of("true"));
        workloads.put(job.address().toString(), job);
        services.add(new SwarmEngine.Service("j0", 1, "job-nightly", Map.of(), JSON.createObjectNode()));
        var plan = plan();
        assertEquals(Action.UNKNOWN, change(plan, "job/nightly").action());
        assertEquals("jobs", plan.diagnostics().stream().filter(d -> d.summary().contains("job-nightly")).findFirst().orElseThrow().yamlPath());
    }

    @Test
    void aRolloutThatStoppedShortIsWarnedOf() {
        var w = declare(1);
        var ok = live("web", "service/web", owner, hashOf(w));
        tasks.add(new SwarmEngine.Task("t1", ok.id(), "m", "running", "running", null, null, 0));
        assertTrue(plan().diagnostics().stream().noneMatch(d -> d.summary().contains("rollout")));
        services.clear();
        services.add(new SwarmEngine.Service(ok.id(), 9, "web", ok.labels(), ok.spec(), "paused", "update paused due to failure or early termination of task x"));
        var plan = plan();
        var c = change(plan, "service/web");
        assertEquals(Action.NO_OP, c.action());
        assertEquals("1/2 running on m1 10.0.0.1; its last rollout is paused (update paused due to failure or early termination of task x)", c.reason());
        assertTrue(plan.diagnostics().stream().anyMatch(d -> d.summary().equals("service/web: its last rollout is paused (update paused due to failure or "
                + "early termination of task x); see docker service ps web, fix the cause, and apply again (a changed spec rolls out anew)")), plan.diagnostics().toString());
        services.clear();
        services.add(new SwarmEngine.Service(ok.id(), 9, "web", ok.labels(), ok.spec(), "rollback_completed", null));
        assertTrue(change(plan(), "service/web").reason().endsWith("; its last rollout is rollback completed"));
        assertTrue(new SwarmEngine.Service("x", 1, "x", Map.of(), ok.spec(), "completed", null).rolloutStuck() == false);
        assertTrue(new SwarmEngine.Service("x", 1, "x", Map.of(), ok.spec(), "updating", null).rolloutStuck() == false);
    }
}
