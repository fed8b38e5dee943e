package dev.factory.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.testing.Await;
import dev.factory.testing.Cli;
import dev.factory.testing.DockerCli;
import dev.factory.testing.Jar;
import dev.factory.testing.RequiresDocker;
import dev.factory.testing.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI as an operator meets it on the real engine: Ctrl-C in the middle of an apply, build output
 * on the console, and the errors that used to print nothing or a stack trace.
 */
@RequiresDocker
class CliBehaviourIT {
    @TempDir
    Path tmp;

    private String p;
    private Path config;
    private Path state;
    private Process child;

    @BeforeEach
    void setUp() throws IOException {
        p = TestImages.uniquePrefix();
        config = tmp.resolve("config");
        state = tmp.resolve("state");
        var yaml = new StringBuilder("host:\n  name: " + p + "\nimages:\n");
        for (String name : List.of("a", "b")) {
            Path ctx = TestImages.busyboxContext(config.resolve(name), name + ".txt", name + "\n");
            Files.writeString(ctx.resolve("Dockerfile"), "ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nCOPY busybox /bin/busybox\n"
                    + "RUN [\"/bin/busybox\", \"echo\", \"run-output-of-" + name + "\"]\n"
                    + "RUN [\"/bin/busybox\", \"sleep\", \"6\"]\nCOPY " + name + ".txt /\n");
            yaml.append("  ").append(p).append('-').append(name).append(":\n    context: ").append(name).append("\n    from: scratch\n");
        }
        Files.writeString(config.resolve("factory.yaml"), yaml.toString());
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        if (child != null && child.isAlive()) child.destroyForcibly().waitFor();
        DockerCli.removeOwned(p);
    }

    @Test
    void ctrlCMidApplyStopsAfterTheChangeInFlightAndTheNextApplyResumes() throws Exception {
        Path log = tmp.resolve("apply.log");
        child = Jar.start(log, "apply", "--config", config.toString(), "--state-dir", state.toString(), "--auto-approve", "--parallelism", "1");
        Path journal = state.resolve("journal.jsonl");
        Await.until("the apply to start its first build", Duration.ofSeconds(90), () -> read(journal).contains("\"phase\":\"start\""));
        String first = read(journal).contains("image/" + p + "-a") ? "a" : "b";
        String second = first.equals("a") ? "b" : "a";

        new ProcessBuilder("kill", "-INT", String.valueOf(child.pid())).start().waitFor();
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the apply stops once its build is done");
        String out = Files.readString(log);

        assertEquals(130, child.exitValue(), out);
        assertTrue(out.contains("Interrupted: stopping after the change in flight"), out);
        assertTrue(out.contains("Stopped by Ctrl-C: what was applied is journaled"), out);
        assertTrue(out.contains("image/" + p + "-" + first + ": create done"), "the change in flight finished: " + out);
        String journaled = read(journal);
        assertTrue(journaled.lines().anyMatch(l -> l.contains("image/" + p + "-" + second) && l.contains("\"outcome\":\"skipped\"")), journaled);
        assertTrue(journaled.contains("\"phase\":\"run-end\""), "the run is closed in the journal: " + journaled);

        var resumed = Cli.run("apply", "--config", config.toString(), "--state-dir", state.toString(), "--auto-approve");
        assertEquals(0, resumed.exitCode(), resumed.all());
        assertTrue(resumed.out().contains("Apply complete: 1 applied"), "only what the interrupted apply left: " + resumed.out());
        assertTrue(resumed.out().contains("image/" + p + "-" + second + ": create done"), resumed.out());
        assertEquals(0, Cli.run("plan", "--config", config.toString(), "--state-dir", state.toString(), "--detailed-exitcode").exitCode());
    }

    @Test
    void buildOutputReachesTheConsoleWithTheAddressAndWithoutTheEnginesLabelSteps() {
        var run = Cli.run("apply", "--config", config.toString(), "--state-dir", state.toString(), "--auto-approve", "--target", "image/" + p + "-a");
        assertEquals(0, run.exitCode(), run.all());
        assertTrue(run.out().contains("image/" + p + "-a | run-output-of-a"), run.out());
        assertTrue(run.out().contains("image/" + p + "-a: step 6/6 : COPY a.txt /"), "steps are the Dockerfile's own: " + run.out());
        assertFalse(run.out().contains("LABEL"), run.out());
        assertFalse(run.out().contains("Removing intermediate container"), run.out());
        assertFalse(run.out().contains("image/" + p + "-b"), "--target left b out: " + run.out());
        assertTrue(run.out().contains("warning: partial plan: --target image/" + p + "-a left 1 of 2 objects out"), run.out());
    }

    @Test
    void aMalformedDockerHostIsAUsageErrorNotACrash() {
        var run = Jar.run(Map.of("DOCKER_HOST", "garbage"), "plan", "--config", config.toString(), "--state-dir", state.toString());
        assertEquals(64, run.exitCode(), run.all());
        assertTrue(run.err().startsWith("error: DOCKER_HOST='garbage' is not a Docker endpoint"), run.err());
        assertFalse(run.all().contains("Exception"), run.all());
    }

    @Test
    void applyWithTheEngineUnreachableSaysWhyItFailed() {
        var run = Jar.run(Map.of("DOCKER_HOST", "unix://" + tmp.resolve("no-engine.sock")), "apply", "--config", config.toString(),
                "--state-dir", state.toString(), "--auto-approve");
        assertEquals(1, run.exitCode(), run.all());
        assertTrue(run.err().contains("error: nothing was applied, and 2 objects are unknown: the Docker engine is unreachable"), run.all());
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
