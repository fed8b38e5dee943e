package dev.factory.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A Docker engine of the test's own, beside the machine's: its data root, exec root, pid file and
 * socket under a fresh directory, {@code --iptables=false}, on a bridge made for it (never
 * {@code --bridge=none}, which would take the main engine's docker0 down). A test may stop and
 * restart it; {@link #close} stops it, unmounts what it mounted, deletes its bridge and its files.
 */
public final class SecondEngine implements AutoCloseable {
    private final Path dir;
    private final String bridge;
    private final List<String> extra;
    private final String hostname;
    private Process process;

    private SecondEngine(Path dir, String bridge, List<String> extra, String hostname) {
        this.dir = dir;
        this.bridge = bridge;
        this.extra = extra;
        this.hostname = hostname;
    }

    public static SecondEngine start() throws IOException, InterruptedException {
        return start(List.of());
    }

    /** With more dockerd flags (a swarm node's address pool). */
    public static SecondEngine start(List<String> extra) throws IOException, InterruptedException {
        return start(extra, null);
    }

    /**
     * With a hostname of its own (a UTS namespace: only the name differs, the network is the
     * host's), as a swarm node on another machine would have.
     */
    public static SecondEngine start(List<String> extra, String hostname) throws IOException, InterruptedException {
        // a bridge of its own: a name no other engine's (a run killed before its close leaves its bridge) holds
        int n = ThreadLocalRandom.current().nextInt(10, 250);
        for (int tries = 0; Files.exists(Path.of("/sys/class/net/fxbr" + n)) && tries < 240; tries++) n = 10 + (n - 9) % 240;
        String bridge = "fxbr" + n;
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "fx-engine-");
        run("ip", "link", "add", bridge, "type", "bridge");
        run("ip", "addr", "add", "127.100." + n + ".1/24", "dev", bridge);
        run("ip", "link", "set", bridge, "up");
        var engine = new SecondEngine(dir, bridge, List.copyOf(extra), hostname);
        engine.up();
        return engine;
    }

    /** The endpoint, for {@code host.dockerHost}. */
    public String host() {
        return "unix://" + dir.resolve("docker.sock");
    }

    /** Starts the engine and waits until it answers. */
    public void up() throws IOException, InterruptedException {
        var command = new ArrayList<>(List.of("dockerd", "--iptables=false", "--ip-masq=false", "--bridge=" + bridge,
                "--data-root", dir.resolve("data").toString(), "--exec-root", dir.resolve("exec").toString(),
                "--pidfile", dir.resolve("docker.pid").toString(), "-H", host()));
        command.addAll(extra);
        if (hostname != null) {
            var named = new ArrayList<>(List.of("unshare", "--uts", "--", "sh", "-c", "hostname \"$0\" && exec \"$@\"", hostname));
            named.addAll(command);
            command = named;
        }
        process = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("dockerd.log").toFile())).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IllegalStateException("the second engine exited:\n" + log());
            if (docker("version").exitCode() == 0) return;
            Thread.sleep(200);
        }
        throw new IllegalStateException("the second engine did not answer in 60 s:\n" + log());
    }

    /** Stops the engine (SIGTERM, as systemd does) and waits until it is gone. */
    public void down() throws InterruptedException {
        if (process == null) return;
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        process = null;
    }

    public String log() {
        try {
            return Files.readString(dir.resolve("dockerd.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** The docker CLI against this engine. */
    public DockerCli.Result docker(String... args) {
        var all = new ArrayList<>(List.of("-H", host()));
        all.addAll(List.of(args));
        return DockerCli.run(all.toArray(String[]::new));
    }

    public String dockerOk(String... args) {
        var r = docker(args);
        if (r.exitCode() != 0) throw new IllegalStateException("docker " + String.join(" ", args) + " failed: " + r.out());
        return r.out();
    }

    @Override
    public void close() throws Exception {
        down();
        // the engine mounts its data root on itself; unmount anything left under the directory, deepest first
        var mounts = new ArrayList<String>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
            String[] f = line.split(" ");
            if (f.length > 1 && f[1].startsWith(dir.toString())) mounts.add(f[1]);
        }
        mounts.sort((a, b) -> b.length() - a.length());
        for (String m : mounts) run("umount", "-l", m);
        run("ip", "link", "del", bridge);
        FileTrees.delete(dir);
    }

    static void run(String... command) throws IOException, InterruptedException {
        var p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new IOException(String.join(" ", command) + " failed: " + out);
    }
}
