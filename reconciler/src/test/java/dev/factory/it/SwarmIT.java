package dev.factory.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.factory.testing.Cli;
import dev.factory.testing.GitCli;
import dev.factory.testing.Plans;
import dev.factory.testing.RequiresDocker;
import dev.factory.testing.TestImages;
import dev.factory.testing.TwoNodeSwarm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One config on a real two-node swarm formed here (two engines of the test's own, manager on
 * 127.0.0.2, worker on 127.0.0.3) with a registry on 127.0.0.1: images pushed and run by digest,
 * services placed by node labels, a job run as a replicated job, repos and their rendered files
 * kept per node, and a node lost: replicas short, nothing deleted.
 */
@RequiresDocker
class SwarmIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private TwoNodeSwarm swarm;
    private String p;
    /** What the pinned service sleeps for (a change of command), and whether the spread service is declared. */
    private String pinnedSleep = "3600";
    private boolean withSpread = true;

    @BeforeEach
    void setUp() throws Exception {
        dev.factory.testing.FileTrees.requireRoot();
        p = TestImages.uniquePrefix();
        swarm = TwoNodeSwarm.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (swarm != null) swarm.close();
    }

    /** The shared config, and one host section per node (each node's factory has its own state dir and engine). */
    private Path config(String node, String engine, String managerLabels, String workerLabels) throws Exception {
        Path dir = tmp.resolve("cfg-" + node);
        Files.createDirectories(dir);
        if (!Files.exists(dir.resolve("box"))) {
            Files.createDirectories(dir.resolve("box"));
            Files.copy(TestImages.BUSYBOX, dir.resolve("box/busybox"));
            // no RUN step: a build container would need the engine's bridge, and this engine's is a loopback-only stand-in
            Files.writeString(dir.resolve("box/Dockerfile"), "ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nCOPY busybox /bin/busybox\nENTRYPOINT [\"/bin/busybox\"]\n");
            Files.writeString(dir.resolve("alpha.md"), "# alpha, kept on the manager\n");
            Files.writeString(dir.resolve("beta.md"), "# beta, kept on the worker\n");
        }
        Path alpha = tmp.resolve("alpha.git");
        Path beta = tmp.resolve("beta.git");
        if (!Files.exists(alpha)) {
            GitCli.bareWithCommit(tmp, "alpha", "README", "alpha\n");
            GitCli.bareWithCommit(tmp, "beta", "README", "beta\n");
        }
        Files.writeString(dir.resolve("host.yaml"), "host:\n  name: " + p + "\n  stateDir: " + tmp.resolve("state-" + node) + "\n  dockerHost: " + engine + "\n");
        Files.writeString(dir.resolve("factory.yaml"), "cluster:\n  engine: swarm\n  registry: " + swarm.registry().address() + "\n"
                + "nodes:\n"
                + "  manager: {hostname: " + TwoNodeSwarm.MANAGER_HOSTNAME + ", labels: {" + managerLabels + "}, repos: [alpha], dockerHost: \"" + swarm.manager().host() + "\"}\n"
                + "  worker: {hostname: " + TwoNodeSwarm.WORKER_HOSTNAME + ", labels: {" + workerLabels + "}, repos: [beta], dockerHost: \"" + swarm.worker().host() + "\"}\n"
                + "images:\n  " + p + "-box: {context: box, from: scratch}\n"
                + "profiles:\n  sleeper: {image: " + p + "-box, network: host}\n"
                + "services:\n"
                + "  " + p + "-pinned:\n    profile: sleeper\n    command: [sleep, \"" + pinnedSleep + "\"]\n    replicas: 2\n"
                + "    placement: {constraints: [\"node.labels.tier==agents\"]}\n"
                + "    update: {parallelism: 2, order: stop-first}\n"
                + (withSpread ? "  " + p + "-spread:\n    profile: sleeper\n    command: [sleep, \"3600\"]\n    replicas: 2\n    placement: {maxReplicas: 1}\n" : "")
                + "jobs:\n  " + p + "-hello: {schedule: 3s, profile: sleeper, command: [echo, hello from the swarm]}\n"
                + "schedule: {reconcile: 1h, autoApply: false, jitter: 0}\n"
                + "repos:\n"
                + "  alpha: {url: " + alpha.toUri() + ", path: " + tmp.resolve("clones/alpha") + ", agentsMd: alpha.md}\n"
                + "  beta: {url: " + beta.toUri() + ", path: " + tmp.resolve("clones/beta") + ", agentsMd: beta.md}\n");
        return dir;
    }

    private static Cli.Run factory(Path config, String... args) {
        return Cli.run(Cli.withConfig(config, args));
    }

    /** The swarm node ids each running task of {@code service} is on. */
    private List<String> runningOn(String service) {
        var r = swarm.manager().docker("service", "ps", service, "--filter", "desired-state=running", "--format", "{{.Node}} {{.CurrentState}}");
        var out = new ArrayList<String>();
        if (r.exitCode() != 0) return out;
        var ids = swarm.manager().docker("service", "ps", service, "--filter", "desired-state=running", "--format", "{{.ID}}").out().strip();
        for (String task : ids.split("\n")) {
            if (task.isBlank()) continue;
            var t = swarm.manager().docker("inspect", "--format", "{{.NodeID}} {{.Status.State}}", task.strip()).out().strip();
            if (t.endsWith(" running")) out.add(t.substring(0, t.indexOf(' ')));
        }
        return out;
    }

    /** {@code factory daemon} on {@code node}'s config, made a git repository as a config repo is. */
    private dev.factory.testing.DaemonProcess daemon(Path config, String node, Path log) throws Exception {
        GitCli.git(config, "init", "-q");
        GitCli.git(config, "add", "-A");
        GitCli.git(config, "commit", "-q", "-m", "config");
        return dev.factory.testing.DaemonProcess.start(log, "daemon", "--repo", config.toUri().toString(), "--state-dir",
                tmp.resolve("state-" + node).toString(), "--log-format", "text");
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) return;
            Thread.sleep(250);
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    @Test
    void servicesGoWhereTheLabelsSayJobsRunOnTheSwarmReposStayOnTheirNodeAndALostNodeDeletesNothing() throws Exception {
        String manager = swarm.nodeId(TwoNodeSwarm.MANAGER_HOSTNAME);
        String worker = swarm.nodeId(TwoNodeSwarm.WORKER_HOSTNAME);
        Path onManager = config("manager", swarm.manager().host(), "role: control", "tier: agents");

        var plan = factory(onManager, "plan", "--json", "--detailed-exitcode");
        assertEquals(2, plan.exitCode(), plan.all());
        var planned = Plans.actions(plan);
        assertEquals("update", planned.get("node/worker"), planned.toString());
        assertEquals("create", planned.get("registry/" + p + "-box"), planned.toString());
        assertEquals("create", planned.get("service/" + p + "-pinned"), planned.toString());
        assertEquals("create", planned.get("job/" + p + "-hello"), planned.toString());
        assertEquals("create", planned.get("repo/alpha"), planned.toString());
        assertFalse(planned.containsKey("repo/beta"), "the worker's repo is not the manager's to clone: " + planned);
        assertFalse(planned.keySet().stream().anyMatch(a -> a.startsWith("container/")), "on a swarm a service is no container: " + planned);

        var apply = factory(onManager, "apply", "--auto-approve");
        assertEquals(0, apply.exitCode(), apply.all());
        await("both pinned replicas on the worker", () -> runningOn(p + "-pinned").equals(List.of(worker, worker)));
        await("one spread replica on each node", () -> new java.util.TreeSet<>(runningOn(p + "-spread")).equals(new java.util.TreeSet<>(List.of(manager, worker))));
        // every node runs the same bits: the service names the image by its digest in the registry
        String image = swarm.manager().dockerOk("service", "inspect", "--format", "{{.Spec.TaskTemplate.ContainerSpec.Image}}", p + "-pinned").strip();
        assertTrue(image.startsWith(swarm.registry().address() + "/" + p + "-box@sha256:"), image);
        assertTrue(swarm.worker().dockerOk("images", "--digests", "--format", "{{.Repository}}@{{.Digest}}").contains(image), "the worker pulled it from the registry");
        assertEquals("agents", swarm.manager().dockerOk("node", "inspect", "--format", "{{index .Spec.Labels \"tier\"}}", worker).strip());
        assertTrue(Files.isDirectory(tmp.resolve("clones/alpha/.git")));
        assertFalse(Files.exists(tmp.resolve("clones/beta")), "the worker's repo is the worker's");
        assertTrue(Files.readString(tmp.resolve("state-manager/rendered/agents/alpha/AGENTS.md")).contains("kept on the manager"));

        var again = factory(onManager, "plan", "--json", "--detailed-exitcode");
        assertEquals(0, again.exitCode(), again.all());
        Plans.actions(again).forEach((address, action) -> assertEquals("no-op", action, address + " after apply: " + again.out()));

        // the job: made idle by apply, run by the leader on the swarm when asked
        var job = factory(onManager, "job", p + "-hello");
        assertEquals(0, job.exitCode(), job.all());
        assertTrue(job.out().contains("hello from the swarm"), job.all());
        var afterRun = factory(onManager, "plan", "--json", "--detailed-exitcode");
        assertEquals(0, afterRun.exitCode(), "a run is not drift: " + afterRun.out());

        // the worker's own factory: its repo and rendered file, and no swarm object (the leader's)
        Path onWorker = config("worker", swarm.worker().host(), "role: control", "tier: agents");
        var workerPlan = factory(onWorker, "plan", "--json", "--detailed-exitcode");
        var workerActions = Plans.actions(workerPlan);
        assertEquals("create", workerActions.get("repo/beta"), workerActions.toString());
        assertFalse(workerActions.containsKey("repo/alpha"), workerActions.toString());
        assertFalse(workerActions.keySet().stream().anyMatch(a -> a.startsWith("service/") || a.startsWith("node/")), workerActions.toString());
        assertTrue(workerPlan.all().contains("this engine is a swarm worker; the leader"), workerPlan.all());
        assertEquals(0, factory(onWorker, "apply", "--auto-approve").exitCode());
        var notHere = factory(onWorker, "job", p + "-hello");
        assertEquals(1, notHere.exitCode(), notHere.all());
        assertTrue(notHere.err().contains("this engine is not the swarm's leader, which runs the jobs"), notHere.all());
        assertFalse(Files.exists(tmp.resolve("state-worker/jobs/" + p + "-hello.json")), "a run refused is no run recorded");
        assertTrue(Files.isDirectory(tmp.resolve("clones/beta/.git")));
        assertTrue(Files.readString(tmp.resolve("state-worker/rendered/agents/beta/AGENTS.md")).contains("kept on the worker"));
        assertFalse(Files.exists(tmp.resolve("state-worker/rendered/agents/alpha")));

        // the daemons: the leader's runs the job on its schedule, as a swarm job; the worker's leaves it to the leader
        Path managerLog = tmp.resolve("daemon-manager.log");
        Path workerLog = tmp.resolve("daemon-worker.log");
        try (var managerDaemon = daemon(onManager, "manager", managerLog); var workerDaemon = daemon(onWorker, "worker", workerLog)) {
            managerDaemon.awaitLog(Duration.ofSeconds(90), "job " + p + "-hello exited 0");
            workerDaemon.awaitLog(Duration.ofSeconds(90), "job " + p + "-hello: not run here; the swarm's leader runs jobs");
            assertTrue(managerDaemon.stop(Duration.ofSeconds(60)) && workerDaemon.stop(Duration.ofSeconds(60)), "both daemons stop on SIGTERM");
            assertFalse(workerDaemon.log().contains("job " + p + "-hello exited"), workerDaemon.log());
        }

        // lane and doctor --node: from the manager's config, on the worker's engine (a host-network container has its engine's hostname)
        var lane = Cli.run("lane", "--config", onManager.toString(), "--node", "worker", "--profile", "sleeper", "--wait",
                tmp.resolve("clones/alpha").toString(), "probe", "--", "hostname");
        assertEquals(0, lane.exitCode(), lane.all());
        assertTrue(lane.out().contains(TwoNodeSwarm.WORKER_HOSTNAME), lane.all());
        var doctor = Cli.run("doctor", "--config", onManager.toString(), "--node", "worker", "--profile", "sleeper");
        assertEquals(0, doctor.exitCode(), doctor.all());
        var typo = Cli.run("doctor", "--config", onManager.toString(), "--node", "wroker");
        assertEquals(dev.factory.cli.ExitCodes.USAGE, typo.exitCode(), typo.all());
        assertTrue(typo.err().contains("node 'wroker' is not declared in nodes; did you mean 'worker'?"), typo.all());

        // the label moves to the manager: so do the pinned replicas, and the worker's label set by hand stays
        swarm.manager().dockerOk("node", "update", "--label-add", "zone=by-hand", worker);
        config("manager", swarm.manager().host(), "tier: agents", "");
        var moved = factory(onManager, "apply", "--auto-approve");
        assertEquals(0, moved.exitCode(), moved.all());
        await("both pinned replicas on the manager", () -> runningOn(p + "-pinned").equals(List.of(manager, manager)));
        assertEquals("", swarm.manager().dockerOk("node", "inspect", "--format", "{{index .Spec.Labels \"tier\"}}", worker).strip());
        assertEquals("by-hand", swarm.manager().dockerOk("node", "inspect", "--format", "{{index .Spec.Labels \"zone\"}}", worker).strip());
        var settled = factory(onManager, "plan", "--json", "--detailed-exitcode");
        assertEquals(0, settled.exitCode(), settled.out());

        // a changed command is an update naming the field; the swarm rolls it out; then nothing is left to do
        pinnedSleep = "3601";
        config("manager", swarm.manager().host(), "tier: agents", "");
        var changed = factory(onManager, "plan", "--json", "--detailed-exitcode");
        assertEquals("update", Plans.actions(changed).get("service/" + p + "-pinned"), changed.out());
        assertEquals("changed: command", Plans.reasons(changed).get("service/" + p + "-pinned"), changed.out());
        assertEquals(List.of("update"), Plans.actions(changed).values().stream().filter(a -> !a.equals("no-op")).toList(), changed.out());
        assertEquals(0, factory(onManager, "apply", "--auto-approve").exitCode());
        assertEquals("[sleep 3601]", swarm.manager().dockerOk("service", "inspect", "--format", "{{.Spec.TaskTemplate.ContainerSpec.Args}}", p + "-pinned").strip());
        await("the rolled-out pinned replicas running", () -> runningOn(p + "-pinned").equals(List.of(manager, manager)));
        var rolled = factory(onManager, "plan", "--json", "--detailed-exitcode");
        assertEquals(0, rolled.exitCode(), rolled.out());

        // the worker's engine dies: the plan and drift say which replicas are short and which node is down, and delete nothing
        swarm.worker().down();
        await("the manager to see the worker down", () -> swarm.manager().dockerOk("node", "inspect", "--format", "{{.Status.State}}", worker).strip().equals("down"));
        var lost = factory(onManager, "plan", "--json", "--detailed-exitcode");
        var lostActions = Plans.actions(lost);
        assertFalse(lostActions.containsValue("delete"), lost.out());
        assertFalse(lostActions.containsValue("replace"), lost.out());
        assertTrue(lost.all().contains("node worker (") && lost.all().contains(") is down"), lost.all());
        await("the spread service short of a replica", () -> {
            var r = factory(onManager, "plan", "--json", "--detailed-exitcode");
            return r.all().contains("service/" + p + "-spread: replicas short, 1/2 running");
        });
        var drift = factory(onManager, "drift", "--format", "json", "--no-doctor");
        JsonNode report = JSON.readTree(drift.out());
        var states = new TreeMap<String, String>();
        report.path("swarm").forEach(e -> states.put(e.path("address").asText(), e.path("state").asText()));
        assertTrue(states.get("service/" + p + "-spread").contains("replicas short: 1/2 running"), states.toString());
        assertTrue(states.get("node/worker").contains("down"), states.toString());

        // a service dropped from the config is deleted, and only it: one made by hand beside it stays
        swarm.manager().dockerOk("service", "create", "-d", "--name", p + "-byhand", "--network", "host", image, "sleep", "3600");
        withSpread = false;
        config("manager", swarm.manager().host(), "tier: agents", "");
        var dropped = factory(onManager, "plan", "--json", "--detailed-exitcode");
        var deletes = Plans.actions(dropped).entrySet().stream().filter(e -> e.getValue().equals("delete")).map(java.util.Map.Entry::getKey).toList();
        assertEquals(List.of("service/" + p + "-spread"), deletes, dropped.out());
        assertEquals(0, factory(onManager, "apply", "--auto-approve").exitCode());
        String left = swarm.manager().dockerOk("service", "ls", "--format", "{{.Name}}");
        assertFalse(left.contains(p + "-spread"), left);
        assertTrue(left.contains(p + "-byhand") && left.contains(p + "-pinned") && left.contains("job-" + p + "-hello"), left);
    }
}
