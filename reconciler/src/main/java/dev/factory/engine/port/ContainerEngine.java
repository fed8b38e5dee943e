package dev.factory.engine.port;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** The port through which containers (services and lanes) reach a Docker engine. */
public interface ContainerEngine {

    /** Every container, running or not, in one call. */
    List<EngineContainer> listContainers();

    /** Creates (does not start) a container; returns its id. The request holds resolved secrets: never log it. */
    String create(CreateRequest request);

    void start(String id);

    /** The container's health as the engine last judged it: healthy, unhealthy or starting; null when it has no check. */
    String health(String id);

    /** Stops (10 s grace) and removes; a container already gone is fine. */
    void stopAndRemove(String id);

    /** When an exited container finished, and the size of its writable layer. */
    Exited exited(String id);

    record Exited(java.time.Instant finishedAt, long sizeRw) {}

    /** Kills and removes a throwaway container of ours at once (doctor's probes). */
    void forceRemove(String id);

    /** Unpacks a tar into the container's file system at {@code path}. */
    void copyInto(String id, InputStream tar, String path);

    /** Whether anything (a file, a directory, a link, dangling or not) is at {@code path} in the container, created or running. */
    boolean exists(String id, String path);

    /** The bytes of the regular file at {@code path} in the container (at most {@code limit}); empty when there is none. */
    java.util.Optional<byte[]> readFile(String id, String path, long limit);

    /** Runs a command in a running container as its user; output is stdout and stderr together. */
    ExecResult exec(String id, List<String> command, java.time.Duration timeout);

    record ExecResult(int exitCode, String output) {}

    /**
     * Starts a command in a running container with its stdin open, for a line-by-line conversation
     * (an MCP stdio server). {@code env} is added to the container's; it may hold resolved values:
     * never log it.
     */
    Conversation converse(String id, List<String> command, Map<String, String> env);

    /** A command's stdin and stdout, one line at a time; stderr is kept short, for a diagnosis. */
    interface Conversation extends AutoCloseable {
        void send(String line) throws java.io.IOException;

        /** The next line on stdout, or null when it ended or nothing came within {@code timeout}. */
        String nextLine(java.time.Duration timeout) throws InterruptedException;

        /** Whether stdout has ended (the command exited). */
        boolean ended();

        /** The last lines the command wrote to stderr. */
        String stderrTail();

        /** Closes stdin; the command is left to exit on its own (the probe container is removed after). */
        @Override
        void close();
    }

    /** Follows the container's output until it exits, then returns its exit code. */
    int followAndWait(String id, Consumer<String> output);

    record CreateRequest(String name, String image, List<String> command, List<String> env, String user,
                         String workdir, Map<String, String> labels, String network, List<MountSpec> mounts,
                         Double cpus, Long memoryBytes, Long pids, List<String> capDrop, List<String> capAdd,
                         List<String> securityOpt, boolean readOnlyRootfs, List<String> extraHosts, String restart,
                         boolean autoRemove, boolean interactive, String ipv4Address, List<DeviceSpec> devices,
                         List<PortSpec> ports, HealthSpec health) {
        /** The same request without ports or a health check. */
        public CreateRequest(String name, String image, List<String> command, List<String> env, String user,
                             String workdir, Map<String, String> labels, String network, List<MountSpec> mounts,
                             Double cpus, Long memoryBytes, Long pids, List<String> capDrop, List<String> capAdd,
                             List<String> securityOpt, boolean readOnlyRootfs, List<String> extraHosts, String restart,
                             boolean autoRemove, boolean interactive, String ipv4Address, List<DeviceSpec> devices) {
            this(name, image, command, env, user, workdir, labels, network, mounts, cpus, memoryBytes, pids, capDrop, capAdd, securityOpt,
                    readOnlyRootfs, extraHosts, restart, autoRemove, interactive, ipv4Address, devices, List.of(), null);
        }

        /** The same request without devices. */
        public CreateRequest(String name, String image, List<String> command, List<String> env, String user,
                             String workdir, Map<String, String> labels, String network, List<MountSpec> mounts,
                             Double cpus, Long memoryBytes, Long pids, List<String> capDrop, List<String> capAdd,
                             List<String> securityOpt, boolean readOnlyRootfs, List<String> extraHosts, String restart,
                             boolean autoRemove, boolean interactive, String ipv4Address) {
            this(name, image, command, env, user, workdir, labels, network, mounts, cpus, memoryBytes, pids, capDrop, capAdd, securityOpt,
                    readOnlyRootfs, extraHosts, restart, autoRemove, interactive, ipv4Address, List.of());
        }

        /** The same request without a fixed address (the engine assigns one) or devices. */
        public CreateRequest(String name, String image, List<String> command, List<String> env, String user,
                             String workdir, Map<String, String> labels, String network, List<MountSpec> mounts,
                             Double cpus, Long memoryBytes, Long pids, List<String> capDrop, List<String> capAdd,
                             List<String> securityOpt, boolean readOnlyRootfs, List<String> extraHosts, String restart,
                             boolean autoRemove, boolean interactive) {
            this(name, image, command, env, user, workdir, labels, network, mounts, cpus, memoryBytes, pids, capDrop, capAdd, securityOpt,
                    readOnlyRootfs, extraHosts, restart, autoRemove, interactive, null, List.of());
        }

        /** Never print secrets: the env values stay out of any string form. */
        @Override
        public String toString() {
            return "CreateRequest[" + name + " from " + image + ", " + env.size() + " env entries]";
        }
    }
}
