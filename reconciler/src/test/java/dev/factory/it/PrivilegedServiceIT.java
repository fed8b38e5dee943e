package dev.factory.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.testing.Cli;
import dev.factory.testing.DockerCli;
import dev.factory.testing.RequiresDocker;
import dev.factory.testing.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outer builder's privileges on the real engine (BRIEF.md's builder container: rootless podman
 * inside, without --privileged): devices, SYS_ADMIN and the unconfined options reach Docker exactly
 * as declared, every one is a warning in the plan; two ports are published on 127.0.0.1 only; its
 * health check turns healthy and a service that depends on it starts only after; a changed device
 * is a replace naming it.
 */
@RequiresDocker
class PrivilegedServiceIT {
    @TempDir
    Path tmp;

    private String p;
    private Path config;
    private final Cli.Session factory = Cli.on(() -> config);

    @BeforeEach
    void setUp() throws IOException {
        p = TestImages.uniquePrefix();
        config = tmp.resolve("config");
        TestImages.busyboxContext(config.resolve("box"), "box.txt", "box\n");
        api = freePort();
        web = freePort();
        writeConfig(List.of("/dev/fuse", "/dev/net/tun"));
    }

    @AfterEach
    void tearDown() {
        DockerCli.removeEverythingOwned(p);
    }

    private int web;
    private int api;

    private void writeConfig(List<String> devices) throws IOException {
        var yaml = new StringBuilder("host:\n  name: " + p + "\n  stateDir: ../state\n"
                + "images:\n  " + p + "-box:\n    context: box\n    from: scratch\n"
                + "profiles:\n  builder:\n    image: " + p + "-box\n"
                + "    capAdd: [SYS_ADMIN]\n"
                + "    securityOpt: [seccomp=unconfined, apparmor=unconfined, systempaths=unconfined]\n"
                + "    reasons: {SYS_ADMIN: \"rootless podman mounts its storage\"}\n"
                + "    devices:\n");
        for (String d : devices) yaml.append("      - {path: ").append(d).append(", reason: \"needed by podman\"}\n");
        yaml.append("  plain:\n    image: " + p + "-box\n    network: none\n");
        // the builder turns healthy 3 s after it starts; the app waits for it
        yaml.append("services:\n  " + p + "-builder:\n    profile: builder\n"
                + "    command: [/bin/busybox, sh, -c, \"/bin/busybox sleep 3; /bin/busybox touch /dev/shm/ready; exec /bin/busybox sleep 3600\"]\n"
                + "    ports: [\"" + api + ":4001\", \"" + web + ":3000\"]\n"
                + "    healthcheck: {test: [CMD, /bin/busybox, test, -f, /dev/shm/ready], interval: 1s, timeout: 1s, retries: 30}\n"
                + "  " + p + "-app:\n    profile: plain\n    command: [/bin/busybox, sleep, \"3600\"]\n    dependsOn: [" + p + "-builder]\n");
        Files.writeString(config.resolve("factory.yaml"), yaml.toString());
    }

    private static int freePort() throws IOException {
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private String inspect(String format) {
        return inspect(p + "-builder-1", format);
    }

    private static String inspect(String container, String format) {
        return DockerCli.ok("inspect", "-f", format, container).strip();
    }

    @Test
    void devicesCapabilitiesOptionsPortsAndHealthReachTheEngineExactlyAndADependentWaitsForHealthy() throws Exception {
        var plan = factory.run("plan");
        assertEquals(0, plan.exitCode(), plan.all());
        for (String warning : List.of("privilege: profile builder adds capability SYS_ADMIN: rootless podman mounts its storage",
                "privilege: profile builder switches a confinement off (seccomp=unconfined); no reason given",
                "privilege: profile builder switches a confinement off (apparmor=unconfined)",
                "privilege: profile builder switches a confinement off (systempaths=unconfined)",
                "privilege: profile builder passes host device /dev/fuse into its containers (rwm): needed by podman",
                "privilege: profile builder passes host device /dev/net/tun into its containers (rwm): needed by podman")) {
            assertTrue(plan.all().contains(warning), warning + " in:\n" + plan.all());
        }
        var apply = factory.run("apply", "--auto-approve");
        assertEquals(0, apply.exitCode(), apply.all());

        assertEquals("[{/dev/fuse /dev/fuse rwm} {/dev/net/tun /dev/net/tun rwm}]", inspect("{{.HostConfig.Devices}}"));
        assertEquals("[SYS_ADMIN]", inspect("{{.HostConfig.CapAdd}}"));
        assertEquals("[ALL]", inspect("{{.HostConfig.CapDrop}}"));
        // as the docker CLI sends them: systempaths=unconfined is empty masked and read-only path lists, not an option
        assertEquals("[no-new-privileges:true seccomp=unconfined apparmor=unconfined]", inspect("{{.HostConfig.SecurityOpt}}"));
        assertEquals("[] []", inspect("{{.HostConfig.MaskedPaths}} {{.HostConfig.ReadonlyPaths}}"));
        assertEquals("false", inspect("{{.HostConfig.Privileged}}"), "never --privileged");
        // inside: the devices are there, and /proc is not masked (systempaths=unconfined)
        String inside = DockerCli.ok("exec", p + "-builder-1", "/bin/busybox", "sh", "-c", "ls /dev/fuse /dev/net/tun && grep -c /proc/kcore /proc/self/mountinfo || true");
        assertTrue(inside.contains("/dev/fuse") && inside.contains("/dev/net/tun"), inside);
        assertEquals("0", inside.lines().reduce((a, b) -> b).orElse("").strip(), "no mask over /proc/kcore:\n" + inside);

        // ports: published on the loopback only, as declared
        assertEquals("map[3000/tcp:[{127.0.0.1 " + web + "}] 4001/tcp:[{127.0.0.1 " + api + "}]]", inspect("{{.HostConfig.PortBindings}}"));
        // the app started only once the builder was healthy
        assertEquals("healthy", inspect("{{.State.Health.Status}}"));
        java.time.Instant healthy = null;
        var log = new com.fasterxml.jackson.databind.ObjectMapper().readTree(inspect("{{json .State.Health.Log}}"));
        for (var check : log) {
            if (check.get("ExitCode").asInt() == 0) {
                healthy = java.time.Instant.parse(check.get("End").asText());
                break;
            }
        }
        assertTrue(healthy != null, "a passing check in the log: " + log);
        java.time.Instant appStarted = java.time.Instant.parse(inspect(p + "-app-1", "{{.State.StartedAt}}"));
        java.time.Instant builderStarted = java.time.Instant.parse(inspect("{{.State.StartedAt}}"));
        assertTrue(!appStarted.isBefore(healthy), "the app started at " + appStarted + ", after the builder's first passing check at " + healthy);
        assertTrue(appStarted.isAfter(builderStarted.plusSeconds(2)), "the builder needs 3 s to be ready; the app waited for it");

        var again = factory.run("plan", "--detailed-exitcode");
        assertEquals(0, again.exitCode(), "the second plan is no-op:\n" + again.all());
        var shown = factory.run("plan", "--json");
        assertEquals("running, healthy", dev.factory.testing.Plans.reasons(shown).get("container/" + p + "-builder-1"), "the plan shows health: " + shown.out());
        assertEquals("running", dev.factory.testing.Plans.reasons(shown).get("container/" + p + "-app-1"), "no check, no health: " + shown.out());
        var drift = factory.run("drift", "--json", "--no-doctor");
        var health = new com.fasterxml.jackson.databind.ObjectMapper().readTree(drift.out()).path("health");
        assertEquals(1, health.size(), "only the replica with a check: " + drift.out());
        assertEquals("container/" + p + "-builder-1", health.get(0).path("address").asText());
        assertEquals("running, healthy", health.get(0).path("state").asText(), "the drift report shows health: " + drift.out());

        String before = inspect("{{.Id}}");
        writeConfig(List.of("/dev/fuse"));
        var dropped = factory.run("plan", "--json", "--detailed-exitcode");
        assertEquals(2, dropped.exitCode(), dropped.all());
        assertEquals("replace", dev.factory.testing.Plans.actions(dropped).get("container/" + p + "-builder-1"), dropped.out());
        assertEquals("changed: devices", dev.factory.testing.Plans.reasons(dropped).get("container/" + p + "-builder-1"), dropped.out());
        assertEquals(0, factory.run("apply", "--auto-approve").exitCode());
        assertEquals("[{/dev/fuse /dev/fuse rwm}]", inspect("{{.HostConfig.Devices}}"));
        assertTrue(!before.equals(inspect("{{.Id}}")), "recreated");
        assertEquals(0, factory.run("plan", "--detailed-exitcode").exitCode());

        writeConfig(List.of("/dev/fuse", "/dev/no-such-device"));
        var missing = factory.run("plan", "--json");
        assertEquals("unknown", dev.factory.testing.Plans.actions(missing).get("container/" + p + "-builder-1"), missing.out());
        assertTrue(dev.factory.testing.Plans.reasons(missing).get("container/" + p + "-builder-1").contains("device /dev/no-such-device does not exist"),
                missing.out());
    }
}
