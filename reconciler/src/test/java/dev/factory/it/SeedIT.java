package dev.factory.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.testing.Cli;
import dev.factory.testing.DockerCli;
import dev.factory.testing.RequiresDocker;
import dev.factory.testing.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workspace seeding on the real engine: a new container gets the image's AGENTS.md template and a
 * config file in its workspace volume before it starts, owned by the profile's user; a container
 * made again over the same volume keeps what the agent edited, and a link an agent left where a
 * seed would go is left alone, never written through.
 */
@RequiresDocker
class SeedIT {
    @TempDir
    Path tmp;

    private String p;
    private Path config;
    private final Cli.Session factory = Cli.on(() -> config);

    @BeforeEach
    void setUp() throws IOException {
        p = TestImages.uniquePrefix();
        config = tmp.resolve("config");
        TestImages.busyboxContext(config.resolve("box"), "AGENTS.md.template", "# builder template\n");
        Files.writeString(config.resolve("notes.md"), "notes from the config repo\n");
        writeConfig("3600");
    }

    @AfterEach
    void tearDown() {
        DockerCli.removeEverythingOwned(p);
        DockerCli.run("volume", "rm", p + "-ws");
        DockerCli.run("volume", "rm", p + "-jobws");
    }

    private void writeConfig(String sleep) throws IOException {
        Files.writeString(config.resolve("factory.yaml"), "host:\n  name: " + p + "\n  stateDir: ../state\n"
                + "images:\n  " + p + "-box: {context: box, from: scratch}\n"
                + "volumes:\n  " + p + "-ws: {}\n  " + p + "-jobws: {}\n"
                + "profiles:\n  builder:\n    image: " + p + "-box\n    network: none\n"
                + "    mounts: [{source: " + p + "-ws, target: /workspace, type: volume, mode: rw}]\n"
                // the profile's seeds: the service's own AGENTS.md (from the image) replaces the profile's at that path
                + "    seed: [{path: /workspace/PROFILE.md, file: notes.md}, {path: /workspace/AGENTS.md, file: notes.md}]\n"
                + "  chore:\n    image: " + p + "-box\n    network: none\n"
                + "    mounts: [{source: " + p + "-jobws, target: /data, type: volume, mode: rw}]\n"
                + "    seed: [{path: /data/SEEDED.md, file: notes.md}]\n"
                + "jobs:\n  " + p + "-peek: {schedule: 1h, profile: chore, command: [/bin/busybox, sh, -c, \"cat /data/SEEDED.md; stat -c %u /data/SEEDED.md\"]}\n"
                + "services:\n  " + p + "-builder:\n    profile: builder\n    command: [/bin/busybox, sleep, \"" + sleep + "\"]\n"
                + "    seed:\n      - {path: /workspace/AGENTS.md, from: /AGENTS.md.template}\n"
                + "      - {path: /workspace/NOTES.md, file: notes.md}\n"
                + "      - {path: /workspace/LINKED.md, file: notes.md}\n");
    }

    private String inside(String script) {
        return DockerCli.ok("exec", p + "-builder-1", "/bin/busybox", "sh", "-c", script).strip();
    }

    @Test
    void theFirstStartGetsTheTemplateAndALaterOneKeepsTheEdit() throws Exception {
        assertEquals(0, factory.run("apply", "--auto-approve").exitCode());
        assertEquals("# builder template", inside("/bin/busybox cat /workspace/AGENTS.md"));
        assertEquals("notes from the config repo", inside("/bin/busybox cat /workspace/NOTES.md"));
        assertEquals("1000:1000", inside("/bin/busybox stat -c %u:%g /workspace/AGENTS.md").strip(), "the agent's to edit");
        assertEquals("notes from the config repo", inside("/bin/busybox cat /workspace/PROFILE.md"), "the profile's seed too");

        // the agent edits the template and puts a link where another seed goes
        inside("echo 'edited by the agent' > /workspace/AGENTS.md");
        DockerCli.ok("exec", "-u", "0", p + "-builder-1", "/bin/busybox", "sh", "-c",
                "/bin/busybox rm /workspace/LINKED.md && /bin/busybox ln -s /etc/shadow-of-nothing /workspace/LINKED.md");
        String first = DockerCli.ok("inspect", "-f", "{{.Id}}", p + "-builder-1").strip();

        writeConfig("3601");   // the container is made again over the same volume
        var again = factory.run("apply", "--auto-approve");
        assertEquals(0, again.exitCode(), again.all());
        assertNotEquals(first, DockerCli.ok("inspect", "-f", "{{.Id}}", p + "-builder-1").strip());
        assertEquals("edited by the agent", inside("/bin/busybox cat /workspace/AGENTS.md"), "never overwritten");
        assertEquals("/etc/shadow-of-nothing", inside("/bin/busybox readlink /workspace/LINKED.md").strip(), "a link is left as it is");
        assertTrue(inside("/bin/busybox ls /etc").lines().noneMatch(l -> l.equals("shadow-of-nothing")), "and never written through");
        assertEquals(0, factory.run("plan", "--detailed-exitcode").exitCode(), "seeds are no field of the spec: no-op");
    }

    @Test
    void aOneShotOfTheProfileGetsItsSeedsToo() throws Exception {
        assertEquals(0, factory.run("apply", "--auto-approve").exitCode());
        var job = factory.run("job", p + "-peek");
        assertEquals(0, job.exitCode(), job.all());
        var runs = dev.factory.testing.DockerCli.ok("run", "--rm", "-v", p + "-jobws:/data", "--entrypoint", "/bin/busybox", p + "-box",
                "cat", "/data/SEEDED.md");
        assertEquals("notes from the config repo", runs.strip(), "the job's container got the profile's seed in its volume: " + job.all());
    }
}
