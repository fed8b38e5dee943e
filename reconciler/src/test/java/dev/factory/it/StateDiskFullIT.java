package dev.factory.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.factory.testing.Cli;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state dir's filesystem fills up: a 1 MiB tmpfs mounted over it (root only; CI runs as
 * root and fails rather than skips without it). The apply fails with an error naming the state
 * dir and what to do; the inventory is still the last whole one; once space is freed the next
 * apply converges and the plan is no-op.
 */
class StateDiskFullIT {
    @TempDir
    Path tmp;

    private Path state;
    private Path config;
    private final Cli.Session factory = Cli.on(() -> config);
    private boolean mounted;

    @BeforeEach
    void mount() throws Exception {
        state = Files.createDirectories(tmp.resolve("state"));
        config = Files.createDirectories(tmp.resolve("config"));
        var p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", state.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        mounted = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        if (!mounted) {
            String why = "cannot mount a small tmpfs for the state dir (" + out.strip() + "); this test needs root";
            if ("true".equals(System.getenv("CI")) || "1".equals(System.getenv("FACTORY_REQUIRE_DOCKER"))) throw new IllegalStateException(why);
            Assumptions.abort(why);
        }
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted) new ProcessBuilder("umount", state.toString()).start().waitFor(10, TimeUnit.SECONDS);
    }

    private void writeConfig(int files, String version) throws IOException {
        var y = new StringBuilder("host:\n  name: disk-full\n  stateDir: " + state + "\n  disk: {path: " + tmp + ", alertAtPercent: 100}\nfiles:\n");
        for (int i = 0; i < files; i++) {
            y.append("  f").append(i).append(": {path: ").append(tmp.resolve("out/f" + i + ".txt")).append(", content: \"")
                    .append(version).append(" ").append(i).append("\\n\"}\n");
        }
        Files.writeString(config.resolve("factory.yaml"), y.toString());
    }

    @Test
    void aFullStateDirFailsTheApplyClearlyAndLosesNothing() throws Exception {
        writeConfig(3, "one");
        assertEquals(0, factory.run("apply", "--auto-approve").exitCode());
        String inventory = Files.readString(state.resolve("inventory.json"));

        Path filler = state.resolve("filler");
        try (OutputStream out = Files.newOutputStream(filler)) {
            byte[] block = new byte[4096];
            while (true) out.write(block);
        } catch (IOException full) {
            // the state dir's filesystem is full now
        }
        writeConfig(40, "two");
        var apply = factory.run("apply", "--auto-approve");

        assertEquals(1, apply.exitCode(), apply.all());
        assertTrue(apply.all().contains(state.toString()) && apply.all().contains("No space left on device"),
                "names the state dir and the cause:\n" + apply.all());
        assertTrue(apply.all().contains("free space"), "says what to do:\n" + apply.all());
        var parsed = new ObjectMapper().readTree(state.resolve("inventory.json").toFile());
        assertTrue(parsed.has("objects"), "the inventory is a whole file: " + parsed);

        Files.delete(filler);
        var converge = factory.run("apply", "--auto-approve");
        assertEquals(0, converge.exitCode(), converge.all());
        assertEquals(0, factory.run("plan", "--detailed-exitcode").exitCode(), "converged once space was freed");
        assertEquals("two 39\n", Files.readString(tmp.resolve("out/f39.txt")));
    }

}
