package dev.factory.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.testing.Cli;
import dev.factory.testing.DockerCli;
import dev.factory.testing.RequiresDocker;
import dev.factory.testing.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Services on the real engine: every profile field reaches Docker; only what changed is recreated; secrets stay out of everything but the container. */
@RequiresDocker
class ServiceLifecycleIT {
    private static final String CANARY = "canary-7f3a9c1e5b-do-not-print";

    @TempDir
    Path tmp;

    private String p;
    private Path config;
    private Path state;
    private String unmanaged;
    private final Cli.Session factory = Cli.on(() -> config);
    private final List<Cli.Run> runs = factory.runs();

    @BeforeEach
    void setUp() throws IOException {
        p = TestImages.uniquePrefix();
        config = tmp.resolve("config");
        state = tmp.resolve("state");
        Path home = tmp.resolve("home");
        Files.createDirectories(home.resolve("data"));
        Files.writeString(home.resolve("data/hello.txt"), "hello\n");
        Files.createDirectories(home.resolve("work"));
        Path secrets = Files.createDirectories(tmp.resolve("secrets"));
        Files.writeString(secrets.resolve("app.env"), "TOKEN=" + CANARY + "\n");
        Files.setPosixFilePermissions(secrets.resolve("app.env"), PosixFilePermissions.fromString("rw-------"));
        TestImages.busyboxContext(config.resolve("box"), "box.txt", "box\n");
        writeConfig("64m", true);
        unmanaged = p + "-api-1-copy";
    }

    @AfterEach
    void tearDown() {
        DockerCli.run("rm", "-f", unmanaged);
        DockerCli.removeEverythingOwned(p);
        DockerCli.run("network", "rm", p + "-net");
        DockerCli.run("volume", "rm", p + "-cache");
    }

    private void writeConfig(String memory, boolean withSide) throws IOException {
        String yaml = "host:\n  name: " + p + "\n  stateDir: ../state\n  secretsDir: ../secrets\n  home: " + tmp.resolve("home") + "\n"
                + "images:\n  " + p + "-box:\n    context: box\n    from: scratch\n"
                + "volumes:\n  " + p + "-cache: {}\n"
                + "networks:\n  " + p + "-net: {}\n"
                + "profiles:\n"
                + "  full:\n    image: " + p + "-box\n    user: \"1000:1000\"\n    network: " + p + "-net\n"
                + "    resources: {cpus: 0.5, memory: " + memory + ", pids: 64}\n"
                + "    mounts:\n"
                + "      - {source: ~/data, target: /data, mode: ro}\n"
                + "      - {source: ~/work, target: /work, mode: rw}\n"
                + "      - {source: " + p + "-cache, target: /cache, type: volume, mode: rw}\n"
                + "    env:\n      PLAIN: one\n      TOKEN: ${secret:app.env#TOKEN}\n"
                + "    capAdd: [CHOWN]\n    readOnlyRootfs: true\n"
                + "    extraHosts: [\"host.docker.internal:host-gateway\"]\n    workdir: /data\n"
                + "  quiet:\n    image: " + p + "-box\n    network: none\n"
                + "services:\n"
                + "  " + p + "-api:\n    profile: full\n    command: [/bin/busybox, sleep, \"3600\"]\n"
                + (withSide ? "  " + p + "-side:\n    profile: quiet\n    command: [/bin/busybox, sleep, \"3600\"]\n" : "");
        Files.writeString(config.resolve("factory.yaml"), yaml);
    }


    private static String inspect(String container, String format) {
        return DockerCli.ok("inspect", "-f", format, container);
    }

    @Test
    void servicesAreCreatedKeptRestartedReplacedByFieldAndRemoved() throws IOException {
        var first = factory.run("apply", "--auto-approve");
        assertEquals(0, first.exitCode(), first.all());
        String api = p + "-api-1", side = p + "-side-1";
        DockerCli.ok("create", "--name", unmanaged, p + "-box:latest", "/bin/busybox", "true");

        assertEquals("1000:1000", inspect(api, "{{.Config.User}}"));
        assertEquals("500000000 67108864 64", inspect(api, "{{.HostConfig.NanoCpus}} {{.HostConfig.Memory}} {{.HostConfig.PidsLimit}}"));
        assertEquals("[no-new-privileges:true]", inspect(api, "{{.HostConfig.SecurityOpt}}"));
        assertEquals("[ALL] [CHOWN]", inspect(api, "{{.HostConfig.CapDrop}} {{.HostConfig.CapAdd}}"));
        assertEquals("true", inspect(api, "{{.HostConfig.ReadonlyRootfs}}"));
        assertEquals(p + "-net", inspect(api, "{{.HostConfig.NetworkMode}}"));
        assertEquals("[host.docker.internal:host-gateway]", inspect(api, "{{.HostConfig.ExtraHosts}}"));
        assertEquals("/data", inspect(api, "{{.Config.WorkingDir}}"));
        String mounts = inspect(api, "{{range .Mounts}}{{.Destination}}={{.Type}},{{.RW}} {{end}}");
        assertTrue(mounts.contains("/data=bind,false") && mounts.contains("/work=bind,true") && mounts.contains("/cache=volume,true"), mounts);
        assertTrue(inspect(api, "{{.Config.Env}}").contains("TOKEN=" + CANARY), "the secret is resolved into the container");
        assertEquals("hello", DockerCli.ok("exec", api, "/bin/busybox", "cat", "/data/hello.txt"));
        assertEquals("none", inspect(side, "{{.HostConfig.NetworkMode}}"));

        dev.factory.docker.ApiCalls.reset();
        var again = factory.run("plan", "--detailed-exitcode");
        assertEquals(0, again.exitCode(), "apply twice: the second plan must be all no-op\n" + again.all());
        // the Docker API floor: one list per kind of object, the container and image lists shared by every kind that reads them
        assertEquals(java.util.Map.of("GET /containers/json", 1L, "GET /images/json", 1L, "GET /networks", 1L, "GET /volumes", 1L),
                dev.factory.docker.ApiCalls.snapshot(), "a no-op plan's Docker calls");
        assertEquals(0, dev.factory.docker.ApiCalls.mutating());

        String apiId = inspect(api, "{{.Id}}"), sideId = inspect(side, "{{.Id}}");
        writeConfig("96m", true);
        var changed = factory.run("plan", "--detailed-exitcode");
        assertEquals(2, changed.exitCode(), changed.all());
        assertTrue(changed.out().contains("-/+ container/" + api) && changed.out().contains("changed: limits"), changed.out());
        assertFalse(changed.out().contains("container/" + side), "only the changed service is replaced:\n" + changed.out());
        assertEquals(0, factory.run("apply", "--auto-approve").exitCode());
        assertNotEquals(apiId, inspect(api, "{{.Id}}"));
        assertEquals(sideId, inspect(side, "{{.Id}}"));
        assertEquals("100663296", inspect(api, "{{.HostConfig.Memory}}"));

        DockerCli.ok("stop", "-t", "1", side);
        var stopped = factory.run("plan");
        assertTrue(stopped.out().contains("~ container/" + side) && stopped.out().contains("stopped (exited); start it"), stopped.out());
        assertEquals(0, factory.run("apply", "--auto-approve").exitCode());
        assertEquals("running", inspect(side, "{{.State.Status}}"));
        assertEquals(sideId, inspect(side, "{{.Id}}"), "started again, not recreated");

        writeConfig("96m", false);
        var removed = factory.run("apply", "--auto-approve");
        assertEquals(0, removed.exitCode(), removed.all());
        assertFalse(DockerCli.containerExists(side));
        assertEquals("running", inspect(api, "{{.State.Status}}"));
        assertTrue(DockerCli.containerExists(unmanaged), "the unmanaged container with a similar name survives");
        assertEquals(0, factory.run("plan", "--detailed-exitcode").exitCode());

        assertCanaryNowhere(api);
    }

    /** The secret reached the container's env and nothing else: plan text and JSON, labels, inventory, journal, logs. */
    private void assertCanaryNowhere(String container) throws IOException {
        runs.add(factory.run("plan", "--json"));
        runs.add(factory.run("plan", "--format", "markdown"));
        for (Cli.Run run : runs) assertFalse(run.all().contains(CANARY), "canary in CLI output:\n" + run.all());
        assertFalse(inspect(container, "{{json .Config.Labels}}").contains(CANARY), "canary in labels");
        try (Stream<Path> files = Files.walk(state)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertFalse(Files.readString(f).contains(CANARY), "canary in " + f);
            }
        }
        assertTrue(Files.exists(state.resolve("journal.jsonl")) && Files.exists(state.resolve("inventory.json")));
    }

    @Test
    void aMissingMountSourceIsUnknownNotACrash() throws IOException {
        Files.delete(tmp.resolve("home/data/hello.txt"));
        Files.delete(tmp.resolve("home/data"));

        var plan = factory.run("plan", "--detailed-exitcode");

        assertEquals(2, plan.exitCode(), plan.all());
        assertTrue(plan.out().contains("? container/" + p + "-api-1") && plan.out().contains("mount source " + tmp.resolve("home/data") + " does not exist"), plan.out());
        assertTrue(plan.out().contains("+ container/" + p + "-side-1"), "the rest of the plan goes on:\n" + plan.out());
    }

    @Test
    void aLooseSecretFileIsAWarning() throws IOException {
        Files.setPosixFilePermissions(tmp.resolve("secrets/app.env"), PosixFilePermissions.fromString("rw-r--r--"));
        var plan = factory.run("plan");
        assertEquals(0, plan.exitCode(), plan.all());
        assertTrue(plan.all().contains("warning: ") && plan.all().contains("chmod 600"), plan.all());
    }
}
