package dev.factory.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real swarm on this machine: two engines of the test's own (see {@link SecondEngine}), the
 * manager advertising and listening on 127.0.0.2, the worker on 127.0.0.3, their networks cut from
 * a pool no network of the main engine uses, and a registry on 127.0.0.1 (every cluster names one).
 * {@link #close} stops both and the registry, and removes the docker_gwbridge the swarm made in the
 * host's namespace (when it was not there before).
 */
public final class TwoNodeSwarm implements AutoCloseable {
    public static final String MANAGER_ADDRESS = "127.0.0.2";
    public static final String WORKER_ADDRESS = "127.0.0.3";
    /** Each node's hostname: how the config recognises it (the manager sees every node's traffic come from 127.0.0.1 here). */
    public static final String MANAGER_HOSTNAME = "fx-manager";
    public static final String WORKER_HOSTNAME = "fx-worker";
    private static final List<String> POOL = List.of("--default-address-pool", "base=10.209.0.0/16,size=24");

    private final boolean gwbridgeBefore;
    private SecondEngine manager;
    private SecondEngine worker;
    private LocalRegistry registry;

    private TwoNodeSwarm(boolean gwbridgeBefore) {
        this.gwbridgeBefore = gwbridgeBefore;
    }

    /** A swarm of one manager only; {@link #join} adds the worker. */
    public static TwoNodeSwarm managerOnly() throws Exception {
        var swarm = new TwoNodeSwarm(Files.exists(Path.of("/sys/class/net/docker_gwbridge")));
        try {
            swarm.registry = LocalRegistry.start();
            swarm.manager = SecondEngine.start(POOL, MANAGER_HOSTNAME);
            swarm.manager.dockerOk("swarm", "init", "--advertise-addr", MANAGER_ADDRESS, "--listen-addr", MANAGER_ADDRESS + ":2377",
                    "--data-path-addr", MANAGER_ADDRESS);
            return swarm;
        } catch (Exception e) {
            swarm.close();
            throw e;
        }
    }

    public static TwoNodeSwarm start() throws Exception {
        var swarm = managerOnly();
        try {
            swarm.join();
            return swarm;
        } catch (Exception e) {
            swarm.close();
            throw e;
        }
    }

    public void join() throws Exception {
        String token = manager.dockerOk("swarm", "join-token", "-q", "worker").strip();
        worker = SecondEngine.start(POOL, WORKER_HOSTNAME);
        worker.dockerOk("swarm", "join", "--token", token, "--advertise-addr", WORKER_ADDRESS, "--listen-addr", WORKER_ADDRESS + ":2377",
                "--data-path-addr", WORKER_ADDRESS, MANAGER_ADDRESS + ":2377");
    }

    public LocalRegistry registry() {
        return registry;
    }

    public SecondEngine manager() {
        return manager;
    }

    public SecondEngine worker() {
        return worker;
    }

    /** The swarm's id of the node named {@code hostname}, once it is ready. */
    public String nodeId(String hostname) throws InterruptedException {
        var seen = new java.util.ArrayList<String>();
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            seen.clear();
            for (String line : manager.dockerOk("node", "ls", "-q").split("\n")) {
                String id = line.strip();
                if (id.isEmpty()) continue;
                String state = manager.dockerOk("node", "inspect", "--format", "{{.Description.Hostname}} {{.Status.State}}", id).strip();
                seen.add(id + " " + state);
                if (state.equals(hostname + " ready")) return id;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("no node named " + hostname + " is ready: " + seen);
    }

    @Override
    public void close() throws Exception {
        Exception failed = null;
        for (SecondEngine engine : new SecondEngine[] {worker, manager}) {
            if (engine == null) continue;
            try {
                engine.close();
            } catch (Exception e) {
                failed = e;
            }
        }
        if (!gwbridgeBefore && Files.exists(Path.of("/sys/class/net/docker_gwbridge"))) SecondEngine.run("ip", "link", "del", "docker_gwbridge");
        if (registry != null) registry.close();
        if (failed != null) throw failed;
    }
}
