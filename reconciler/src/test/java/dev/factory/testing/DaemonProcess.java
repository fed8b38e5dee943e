package dev.factory.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * {@code factory daemon} from the shaded jar in a child process, its output in a log file: how
 * every daemon test starts one, waits on it (failing at once, with the log, when it dies), stops
 * it with SIGTERM as systemd does, and never leaves it running ({@link #close}).
 */
public final class DaemonProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    private DaemonProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code factory ARGS} (ARGS begin with {@code daemon}) with {@code env} added, logging to {@code log}. */
    public static DaemonProcess start(Path log, Map<String, String> env, String... args) throws IOException {
        var pb = new ProcessBuilder(Jar.command(args));
        pb.environment().putAll(env);
        return new DaemonProcess(pb.redirectErrorStream(true).redirectOutput(log.toFile()).start(), log);
    }

    public static DaemonProcess start(Path log, String... args) throws IOException {
        return start(log, Map.of(), args);
    }

    /** What it logged so far ("" before its first line). */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    /** Waits for {@code condition}; returns how long it took. Fails with the log when the daemon dies or {@code limit} passes. */
    public Duration await(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
        return await(what, limit, condition, () -> "");
    }

    /** As {@link #await(String, Duration, BooleanSupplier)}, with {@code more} said on a timeout (what a fake server received). */
    public Duration await(String what, Duration limit, BooleanSupplier condition, Supplier<String> more) throws InterruptedException {
        long start = System.nanoTime();
        while (System.nanoTime() - start < limit.toNanos()) {
            if (condition.getAsBoolean()) return Duration.ofNanos(System.nanoTime() - start);
            if (!process.isAlive()) throw new AssertionError("the daemon died:\n" + log());
            Thread.sleep(50);
        }
        throw new AssertionError("timed out waiting for " + what + more.get() + ":\n" + log());
    }

    /** Waits until its log holds each of {@code texts}. */
    public Duration awaitLog(Duration limit, String... texts) throws InterruptedException {
        return await("the log to say " + List.of(texts), limit, () -> {
            String now = log();
            for (String text : texts) if (!now.contains(text)) return false;
            return true;
        });
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** SIGTERM, as systemd stops it; whether it exited within {@code limit}. */
    public boolean stop(Duration limit) throws InterruptedException {
        process.destroy();
        return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Kills it if it still runs. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) process.destroyForcibly().waitFor();
    }
}
