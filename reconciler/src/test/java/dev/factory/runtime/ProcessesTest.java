package dev.factory.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ProcessesTest {
    @Test
    void outputAndExitCode() {
        var r = Processes.run(List.of("sh", "-c", "echo out; echo err >&2; exit 3"), Duration.ofSeconds(10), true);
        assertEquals(3, r.exitCode());
        assertTrue(r.output().contains("out") && r.output().contains("err"), r.output());
        assertFalse(r.ok());
        var quiet = Processes.run(List.of("sh", "-c", "echo out; echo err >&2"), Duration.ofSeconds(10), false);
        assertEquals("out", quiet.output(), "stderr is dropped when not merged");
        assertTrue(quiet.ok());
    }

    @Test
    @Timeout(20)
    void aHungChildIsKilledWhenItsTimeIsUp() {
        long start = System.nanoTime();
        var r = Processes.run(List.of("sh", "-c", "echo started; sleep 600"), Duration.ofSeconds(1), true);
        assertTrue((System.nanoTime() - start) / 1_000_000 < 15_000, "returned long before the child would have ended");
        assertEquals(-1, r.exitCode());
        assertTrue(r.failure().contains("did not finish within 1 s and was killed"), r.failure());
        assertFalse(r.ok());
    }

    @Test
    @Timeout(20)
    void aChildThatFillsItsPipeCannotBlockUs() {
        var r = Processes.run(List.of("sh", "-c", "head -c 5000000 /dev/zero | tr '\\\\0' x; exit 0"), Duration.ofSeconds(10), true);
        assertEquals(0, r.exitCode());
        assertEquals(5_000_000, r.output().length());
    }

    @Test
    void aMissingProgramIsAFailureNotAnException() {
        var r = Processes.run(List.of("/no/such/program"), Duration.ofSeconds(5), true);
        assertEquals(-1, r.exitCode());
        assertTrue(r.failure().startsWith("cannot run /no/such/program"), r.failure());
    }
}
