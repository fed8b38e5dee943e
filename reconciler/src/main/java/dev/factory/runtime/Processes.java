package dev.factory.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one way factory runs a program of its own (systemctl, gh): output read on another thread
 * while the timeout runs, so a child that hangs, or fills its pipe, is killed with its
 * descendants when the time is up instead of blocking factory forever.
 */
public final class Processes {
    /** How a run ended: the exit code (-1 when killed or not started), stdout (and stderr when merged), and why if it failed. */
    public record Result(int exitCode, String output, String failure) {
        public boolean ok() {
            return exitCode == 0 && failure == null;
        }
    }

    private Processes() {}

    public static Result run(List<String> command, Duration timeout, boolean mergeStderr) {
        Process p;
        try {
            var pb = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            if (mergeStderr) pb.redirectErrorStream(true);
            else pb.redirectError(ProcessBuilder.Redirect.DISCARD);
            p = pb.start();
        } catch (IOException e) {
            return new Result(-1, "", "cannot run " + command.get(0) + ": " + e.getMessage());
        }
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> read(p.getInputStream()), Workers.pool(1, "process-output"));
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(p);
                return new Result(-1, output.getNow(""), command.get(0) + " did not finish within " + timeout.toSeconds() + " s and was killed");
            }
            return new Result(p.exitValue(), output.get(5, TimeUnit.SECONDS).strip(), null);
        } catch (InterruptedException e) {
            kill(p);
            Thread.currentThread().interrupt();
            return new Result(-1, "", "interrupted");
        } catch (ExecutionException | TimeoutException e) {
            // the child exited but a grandchild still holds the pipe open: what was read so far is the output
            kill(p);
            return new Result(p.exitValue(), output.getNow(""), null);
        }
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
