package dev.factory.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.testing.BundledSandbox;
import dev.factory.testing.Cli;
import dev.factory.testing.FakeGitHub;
import dev.factory.testing.FileTrees;
import dev.factory.testing.Plans;
import dev.factory.testing.RequiresDocker;
import dev.factory.testing.TwoNodeSwarm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user's own config, with {@code cluster} added, on a single-node swarm formed here (an engine
 * of the test's own, see {@link TwoNodeSwarm#managerOnly}) with the test images of
 * {@link BundledSandbox#runnable}: everything it declares converges, its jobs run (on the leader,
 * as host one-shots: each has egress on), its runner slots are installed, and the plan after apply
 * is no-op.
 */
@RequiresDocker
class BundledSwarmIT {
    private static final String TOKEN = "ghs_BundledSwarmItToken0123456789abcdefAB";

    @TempDir
    Path tmp;

    private TwoNodeSwarm swarm;
    private FakeGitHub github;

    @BeforeEach
    void setUp() throws Exception {
        FileTrees.requireRoot();
        github = new FakeGitHub(TOKEN);
        swarm = TwoNodeSwarm.managerOnly();
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            if (swarm != null) swarm.close();
        } finally {
            if (github != null) github.close();
        }
    }

    @Test
    void theBundledConfigConvergesOnASingleNodeSwarmAndItsPlanAfterApplyIsNoOp() throws Exception {
        Path config = BundledSandbox.runnable(tmp, swarm.manager().host());
        // the cluster, and beside the bundled declarations one swarm service and one swarm job on a bundled image
        // (every bundled profile has egress on, which is per host: a swarm workload needs a profile without)
        Files.writeString(config.resolve("cluster.yaml"), "cluster:\n  engine: swarm\n  registry: " + swarm.registry().address() + "\n"
                + "profiles:\n  on-the-swarm: {image: factory-base, network: host}\n"
                + "services:\n  hello: {profile: on-the-swarm, command: [sleep, \"3600\"], replicas: 1}\n"
                + "jobs:\n  hello-job: {schedule: 1h, profile: on-the-swarm, command: [echo, hello from the swarm]}\n");
        var factory = Cli.jar(() -> config, () -> Map.of("GITHUB_API_URL", github.url(), "GH_TOKEN", TOKEN));

        var plan = factory.run("plan", "--json");
        assertEquals(0, plan.exitCode(), plan.all());
        var first = Plans.actions(plan);
        for (String address : new String[] {"image/factory-base", "image/egress-proxy", "image/actions-runner", "egress/ops", "egress/runner",
                "repo/aina-platform", "file/claude-agent/mcp.json", "file/systemd/factory-runner@.service", "runner/bundled-aina-academy-1",
                "volume/pnpm-store", "registry/factory-base", "service/hello", "job/hello-job"}) {
            assertEquals("create", first.get(address), address + " in the first plan: " + first);
        }
        assertEquals("update", first.get("command/pnpm-store-prune"), "prune's command is due: " + first);

        var apply = factory.run("apply", "--auto-approve");
        assertEquals(0, apply.exitCode(), apply.all());
        var again = factory.run("plan", "--detailed-exitcode");
        assertEquals(0, again.exitCode(), "the plan after apply is no-op:\n" + again.all());

        // what the node's engine and disk now hold
        String images = swarm.manager().dockerOk("image", "ls", "--format", "{{.Repository}}");
        for (String image : new String[] {"factory-base", "codex-lane", "claude-agent", "actions-runner", "egress-proxy", "repo-aina-academy"}) {
            assertTrue(images.lines().anyMatch(image::equals), image + " built on the node: " + images);
        }
        String gates = swarm.manager().dockerOk("ps", "--format", "{{.Names}}", "--filter", "label=dev.factory.egress.role");
        assertEquals(10, gates.lines().count(), "a proxy and a gate for each of the five egress profiles:\n" + gates);
        for (String repo : new String[] {"aina-platform", "aina-data-engine-room", "aina-academy"}) {
            assertTrue(Files.isDirectory(tmp.resolve("sandbox/clones/" + repo + "/.git")), repo + " cloned");
            assertEquals(Files.readString(config.resolve("agents/" + repo + ".md")),
                    Files.readString(tmp.resolve("sandbox/state/rendered/agents/" + repo + "/AGENTS.md")), repo + "'s AGENTS.md rendered for its lanes");
            assertTrue(Files.exists(tmp.resolve("sandbox/systemd-state/factory-runner@bundled-" + repo + "-1.service")), repo + "'s runner slot enabled");
        }
        assertTrue(Files.readString(tmp.resolve("sandbox/home/.factory/claude-agent/mcp.json")).contains("\"mcpServers\""));
        dev.factory.testing.Await.until("the service runs the bundled image from the registry", java.time.Duration.ofSeconds(60),
                () -> swarm.manager().dockerOk("service", "ls", "--format", "{{.Name}} {{.Replicas}} {{.Image}}").lines()
                        .anyMatch(l -> l.startsWith("hello 1/1 " + swarm.registry().address() + "/factory-base")));
        var onSwarm = factory.run("job", "hello-job");
        assertEquals(0, onSwarm.exitCode(), onSwarm.all());
        assertTrue(onSwarm.all().contains("hello from the swarm"), onSwarm.all());

        // the jobs: each profile has egress on, so each runs as a one-shot on the leader, through its egress network
        var watchdog = factory.run("job", "watchdog");
        assertEquals(0, watchdog.exitCode(), watchdog.all());
        assertTrue(watchdog.all().contains("disk /host at "), watchdog.all());
        var marshal = factory.run("job", "release-marshal");
        assertTrue(marshal.all().contains("gh: not found") && marshal.all().contains("job release-marshal exited " + marshal.exitCode()),
                "the bundled script ran in the container (the test image has no gh) and its outcome is recorded:\n" + marshal.all());

        var afterJobs = factory.run("plan", "--detailed-exitcode");
        assertEquals(0, afterJobs.exitCode(), "running jobs changes nothing the plan sees:\n" + afterJobs.all());
    }
}
