package dev.factory.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.testing.Await;
import dev.factory.testing.Jar;
import dev.factory.testing.Cli;
import dev.factory.testing.DockerCli;
import dev.factory.testing.RequiresDocker;
import dev.factory.testing.TestImages;
import java.time.Duration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two applies on one state dir: the real factory jar runs a slow build in a child process while
 * this process tries to apply. The second is refused naming the child's pid; once the child is
 * killed with SIGKILL, the next apply takes its stale lock over, converges, and re-plans as no-op.
 */
@RequiresDocker
class ConcurrentApplyIT {
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
        Path ctx = TestImages.busyboxContext(config.resolve("slow"), "slow.txt", "slow\n");
        Files.writeString(ctx.resolve("Dockerfile"), "ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nCOPY busybox /bin/busybox\n"
                + "RUN [\"/bin/busybox\", \"sleep\", \"8\"]\nCOPY slow.txt /\n");
        Files.writeString(config.resolve("factory.yaml"), "host:\n  name: " + p + "\nimages:\n  " + p + "-slow:\n    context: slow\n    from: scratch\n");
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        if (child != null && child.isAlive()) {
            child.destroyForcibly().waitFor();
        }
        DockerCli.removeOwned(p);
    }

    @Test
    void secondApplyIsRefusedAndAKilledHoldersLockIsTakenOver() throws Exception {
        child = Jar.start(tmp.resolve("child.log"), "apply", "--config", config.toString(), "--state-dir", state.toString(), "--auto-approve");
        awaitLockHeld(state.resolve("lock"));

        var second = Cli.run("apply", "--config", config.toString(), "--state-dir", state.toString(), "--auto-approve");
        assertEquals(1, second.exitCode(), second.all());
        assertTrue(second.err().contains("another factory apply is running (pid " + child.pid()), second.err());

        child.destroyForcibly();   // SIGKILL: no chance to release or clean up
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));

        var takeover = Cli.run("apply", "--config", config.toString(), "--state-dir", state.toString(), "--auto-approve");
        assertEquals(0, takeover.exitCode(), takeover.all());
        assertTrue(takeover.err().contains("took over a stale lock") && takeover.err().contains("pid " + child.pid()), takeover.err());
        try (var left = Files.list(state)) {
            assertTrue(left.noneMatch(f -> f.getFileName().toString().startsWith(".context-")), "the killed apply's temp tar is swept");
        }
        String journal = Files.readString(state.resolve("journal.jsonl"));
        assertTrue(journal.lines().anyMatch(l -> l.contains("\"phase\":\"start\"") && l.contains(p + "-slow")), journal);

        var after = Cli.run("plan", "--config", config.toString(), "--state-dir", state.toString(), "--detailed-exitcode");
        assertEquals(0, after.exitCode(), after.all());
    }

    @Test
    void twoAppliesStartedTogetherExactlyOneRuns() throws Exception {
        String[] apply = {"apply", "--config", config.toString(), "--state-dir", state.toString(), "--auto-approve"};
        Process a = Jar.start(tmp.resolve("a.log"), apply);
        Process b = Jar.start(tmp.resolve("b.log"), apply);
        assertTrue(a.waitFor(120, TimeUnit.SECONDS) && b.waitFor(120, TimeUnit.SECONDS));
        String logA = Files.readString(tmp.resolve("a.log"));
        String logB = Files.readString(tmp.resolve("b.log"));

        assertEquals(1, a.exitValue() + b.exitValue(), "one ran (0), one was refused (1):\n" + logA + "\n---\n" + logB);
        Process refused = a.exitValue() == 1 ? a : b;
        Process ran = refused == a ? b : a;
        String refusal = refused == a ? logA : logB;
        assertTrue(refusal.contains("another factory apply is running (pid " + ran.pid()), "the refusal names the holder:\n" + refusal);
        assertEquals(0, Cli.run("plan", "--config", config.toString(), "--state-dir", state.toString(), "--detailed-exitcode").exitCode());
    }

    /** Waits until the child has written itself into the lock file (it holds the kernel lock by then). */
    private void awaitLockHeld(Path lock) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Files.exists(lock) && Files.readString(lock).contains("\"pid\":" + child.pid())) {
                Path journal = state.resolve("journal.jsonl");
                Await.until("the first apply to start its slow build", Duration.ofSeconds(60), () -> {
                    try {
                        return Files.exists(journal) && Files.readString(journal).lines().anyMatch(l -> l.contains("\"phase\":\"start\"") && l.contains(p + "-slow"));
                    } catch (java.io.IOException e) {
                        return false;
                    }
                });
                return;
            }
            if (!child.isAlive()) throw new AssertionError("the first apply ended early:\n" + Files.readString(tmp.resolve("child.log")));
            Thread.sleep(100);
        }
        throw new AssertionError("the first apply never took the lock:\n" + Files.readString(tmp.resolve("child.log")));
    }
}
