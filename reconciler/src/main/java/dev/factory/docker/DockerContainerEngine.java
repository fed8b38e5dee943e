package dev.factory.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.RestartPolicy;
import dev.factory.engine.port.ContainerEngine;
import dev.factory.engine.port.EngineContainer;
import dev.factory.engine.port.MountSpec;
import dev.factory.engine.port.SecurityOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** {@link ContainerEngine} over docker-java. */
public final class DockerContainerEngine implements ContainerEngine {
    private final DockerGateway gateway;

    DockerContainerEngine(DockerGateway gateway) {
        this.gateway = gateway;
    }

    @Override
    public List<EngineContainer> listContainers() {
        return gateway.observed("containers", this::listNow);
    }

    List<EngineContainer> listNow() {
        return EngineLists.containers(gateway.list("/containers/json?all=1", true));
    }

    @Override
    public String create(CreateRequest r) {
        boolean unmasked = r.securityOpt().stream().anyMatch(SecurityOptions::systemPathsUnconfined);
        HostConfig host = unmasked ? new UnmaskedHostConfig() : HostConfig.newHostConfig();
        host.withNetworkMode(r.network())
                .withMounts(r.mounts().stream().map(DockerContainerEngine::mount).toList())
                .withCapDrop(capabilities(r.capDrop()))
                .withCapAdd(capabilities(r.capAdd()))
                .withSecurityOpts(engineSecurityOpts(r.securityOpt()))
                .withDevices(r.devices().stream().map(d -> new com.github.dockerjava.api.model.Device(d.permissions(), d.target(), d.path())).toList())
                .withReadonlyRootfs(r.readOnlyRootfs())
                .withExtraHosts(r.extraHosts().toArray(String[]::new))
                .withRestartPolicy(r.autoRemove() ? RestartPolicy.noRestart() : RestartPolicy.parse(r.restart()))
                .withAutoRemove(r.autoRemove());
        if (r.cpus() != null) host.withNanoCPUs((long) (r.cpus() * 1_000_000_000L));
        if (r.memoryBytes() != null) host.withMemory(r.memoryBytes());
        if (r.pids() != null) host.withPidsLimit(r.pids());
        var cmd = gateway.client().createContainerCmd(r.image())
                .withName(r.name())
                .withEnv(r.env())
                .withUser(r.user())
                .withLabels(r.labels())
                .withHostConfig(host);
        if (!r.command().isEmpty()) cmd.withCmd(r.command());
        if (r.workdir() != null) cmd.withWorkingDir(r.workdir());
        if (r.interactive()) cmd.withTty(true).withStdinOpen(true);
        if (r.ipv4Address() != null) cmd.withIpv4Address(r.ipv4Address());
        if (!r.ports().isEmpty()) {
            var bindings = new com.github.dockerjava.api.model.Ports();
            var exposed = new ArrayList<com.github.dockerjava.api.model.ExposedPort>();
            for (var port : r.ports()) {
                var inside = new com.github.dockerjava.api.model.ExposedPort(port.containerPort(),
                        com.github.dockerjava.api.model.InternetProtocol.parse(port.protocol()));
                exposed.add(inside);
                bindings.bind(inside, com.github.dockerjava.api.model.Ports.Binding.bindIpAndPort(port.hostIp(), port.hostPort() == 0 ? null : port.hostPort()));
            }
            host.withPortBindings(bindings);
            cmd.withExposedPorts(exposed);
        }
        if (r.health() != null) {
            var h = r.health();
            cmd.withHealthcheck(new com.github.dockerjava.api.model.HealthCheck().withTest(h.test()).withInterval(h.interval().toNanos())
                    .withTimeout(h.timeout().toNanos()).withRetries(h.retries()).withStartPeriod(h.startPeriod().toNanos()));
        }
        try {
            return cmd.exec().getId();
        } catch (DockerException e) {
            // the engine's message may quote the request; it never holds env values, which are not echoed
            throw new IllegalStateException("docker create " + r.name() + " failed: " + dev.factory.runtime.Errors.rootMessage(e), e);
        }
    }

    /**
     * The security options as the engine takes them, as the docker CLI sends them: without
     * {@code systempaths=unconfined} (see {@link UnmaskedHostConfig}), and a seccomp profile named
     * by path sent as its content.
     */
    static List<String> engineSecurityOpts(List<String> declared) {
        var out = new ArrayList<String>();
        for (String option : declared) {
            if (SecurityOptions.systemPathsUnconfined(option)) continue;
            var file = SecurityOptions.seccompFile(option);
            if (file.isEmpty()) {
                out.add(option);
                continue;
            }
            try {
                out.add("seccomp=" + java.nio.file.Files.readString(java.nio.file.Path.of(file.get())));
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot read the seccomp profile " + file.get() + " (" + e.getClass().getSimpleName() + ")");
            }
        }
        return out;
    }

    /** A host config that also sends the empty masked and read-only path lists, which docker-java 3.7 has no field for. */
    static final class UnmaskedHostConfig extends HostConfig {
        private static final long serialVersionUID = 1L;

        @com.fasterxml.jackson.annotation.JsonProperty("MaskedPaths")
        private final List<String> maskedPaths = List.of();

        @com.fasterxml.jackson.annotation.JsonProperty("ReadonlyPaths")
        private final List<String> readonlyPaths = List.of();
    }

    private static Mount mount(MountSpec m) {
        return new Mount().withType(m.type() == MountSpec.Type.VOLUME ? MountType.VOLUME : MountType.BIND)
                .withSource(m.source()).withTarget(m.target()).withReadOnly(m.readOnly());
    }

    private static Capability[] capabilities(List<String> names) {
        var out = new ArrayList<Capability>();
        for (String n : names) {
            try {
                out.add(Capability.valueOf(n.startsWith("CAP_") ? n.substring(4) : n));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("unknown capability " + n + " (see capabilities(7))");
            }
        }
        return out.toArray(Capability[]::new);
    }

    @Override
    public String health(String id) {
        try {
            var state = gateway.client().inspectContainerCmd(id).exec().getState();
            return state == null || state.getHealth() == null ? null : state.getHealth().getStatus();
        } catch (com.github.dockerjava.api.exception.NotFoundException e) {
            return null;
        } catch (RuntimeException e) {
            throw gateway.unreachable(e);
        }
    }

    @Override
    public void start(String id) {
        try {
            gateway.client().startContainerCmd(id).exec();
        } catch (NotModifiedException e) {
            // already running
        }
    }

    @Override
    public void stopAndRemove(String id) {
        try {
            gateway.client().stopContainerCmd(id).withTimeout(10).exec();
        } catch (NotModifiedException | NotFoundException e) {
            // already stopped or gone
        }
        try {
            gateway.client().removeContainerCmd(id).withRemoveVolumes(false).exec();
        } catch (NotFoundException e) {
            // already gone (auto-removed)
        }
    }

    @Override
    public Exited exited(String id) {
        var inspect = gateway.client().inspectContainerCmd(id).withSize(true).exec();
        String finished = inspect.getState() == null ? null : inspect.getState().getFinishedAt();
        java.time.Instant at = finished == null || finished.startsWith("0001") ? java.time.Instant.EPOCH : java.time.Instant.parse(finished);
        return new Exited(at, inspect.getSizeRw() == null ? 0 : inspect.getSizeRw());
    }

    @Override
    public void forceRemove(String id) {
        try {
            gateway.client().removeContainerCmd(id).withForce(true).withRemoveVolumes(false).exec();
        } catch (NotFoundException e) {
            // already gone
        }
    }

    @Override
    public void copyInto(String id, InputStream tar, String path) {
        gateway.client().copyArchiveToContainerCmd(id).withTarInputStream(tar).withRemotePath(path).exec();
    }

    @Override
    public boolean exists(String id, String path) {
        return firstEntry(id, path, false, (entry, tar) -> true);
    }

    @Override
    public java.util.Optional<byte[]> readFile(String id, String path, long limit) {
        return firstEntry(id, path, java.util.Optional.empty(), (entry, tar) -> {
            if (!entry.isFile()) return java.util.Optional.empty();
            if (entry.getSize() > limit) throw new IllegalStateException(path + " in " + id + " is larger than " + limit + " bytes");
            return java.util.Optional.of(tar.readAllBytes());
        });
    }

    /** Reads one entry of an archive the engine sends. */
    private interface EntryReader<T> {
        T read(org.apache.commons.compress.archivers.tar.TarArchiveEntry entry,
               org.apache.commons.compress.archivers.tar.TarArchiveInputStream tar) throws IOException;
    }

    /**
     * The engine's archive of {@code path} in the container, created or running: its first entry is
     * the path's own (a link is sent as the link, never followed), given to {@code read}; {@code
     * absent} when nothing is there. Only the request can find the engine unreachable.
     */
    private <T> T firstEntry(String id, String path, T absent, EntryReader<T> read) {
        InputStream archive;
        try {
            archive = gateway.client().copyArchiveFromContainerCmd(id, path).exec();
        } catch (com.github.dockerjava.api.exception.NotFoundException e) {
            return absent;
        } catch (RuntimeException e) {
            throw gateway.unreachable(e);
        }
        try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(archive)) {
            var entry = tar.getNextEntry();
            return entry == null ? absent : read.read(entry, tar);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + path + " in " + id + ": " + e.getMessage(), e);
        }
    }

    @Override
    public ExecResult exec(String id, List<String> command, java.time.Duration timeout) {
        var client = gateway.client();
        String execId = client.execCreateCmd(id).withCmd(command.toArray(String[]::new)).withAttachStdout(true).withAttachStderr(true)
                .exec().getId();
        var output = new StringBuilder();
        try {
            boolean done = client.execStartCmd(execId).exec(new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                    synchronized (output) {
                        output.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                    }
                }
            }).awaitCompletion(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            if (!done) return new ExecResult(-1, "timed out after " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ExecResult(-1, "interrupted");
        }
        Long code = client.inspectExecCmd(execId).exec().getExitCodeLong();
        return new ExecResult(code == null ? -1 : code.intValue(), output.toString().strip());
    }

    @Override
    public Conversation converse(String id, List<String> command, java.util.Map<String, String> env) {
        var client = gateway.client();
        String execId = client.execCreateCmd(id).withCmd(command.toArray(String[]::new))
                .withEnv(env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
                .withAttachStdin(true).withAttachStdout(true).withAttachStderr(true).exec().getId();
        try {
            var stdin = new java.io.PipedOutputStream();
            var pipe = new java.io.PipedInputStream(stdin, 64 * 1024);
            var conversation = new ExecConversation(stdin);
            client.execStartCmd(execId).withStdIn(pipe).exec(conversation.callback());
            return conversation;
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a pipe to the command's stdin: " + e.getMessage(), e);
        }
    }

    /** Frames from the exec split into stdout lines (queued) and a stderr tail. */
    private static final class ExecConversation implements Conversation {
        private static final String END = new String("end of stdout");
        private final java.io.PipedOutputStream stdin;
        private final java.util.concurrent.BlockingQueue<String> lines = new java.util.concurrent.LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private final StringBuilder stderr = new StringBuilder();
        private volatile boolean ended;
        private ResultCallback.Adapter<Frame> callback;

        ExecConversation(java.io.PipedOutputStream stdin) {
            this.stdin = stdin;
        }

        ResultCallback.Adapter<Frame> callback() {
            callback = new ResultCallback.Adapter<>() {
                @Override
                public void onNext(Frame frame) {
                    String text = new String(frame.getPayload(), StandardCharsets.UTF_8);
                    if (frame.getStreamType() == com.github.dockerjava.api.model.StreamType.STDERR) {
                        synchronized (stderr) {
                            stderr.append(text);
                            if (stderr.length() > 4000) stderr.delete(0, stderr.length() - 4000);
                        }
                        return;
                    }
                    synchronized (partial) {
                        partial.append(text);
                        int nl;
                        while ((nl = partial.indexOf("\n")) >= 0) {
                            lines.add(partial.substring(0, nl));
                            partial.delete(0, nl + 1);
                        }
                    }
                }

                @Override
                public void onComplete() {
                    ended = true;
                    lines.add(END);
                    super.onComplete();
                }

                @Override
                public void onError(Throwable throwable) {
                    ended = true;
                    lines.add(END);
                    super.onError(throwable);
                }
            };
            return callback;
        }

        @Override
        public void send(String line) throws IOException {
            stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        }

        @Override
        public String nextLine(java.time.Duration timeout) throws InterruptedException {
            String line = lines.poll(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            if (line == END) {
                lines.add(END);   // every later call sees the end too
                return null;
            }
            return line;
        }

        @Override
        public boolean ended() {
            return ended;
        }

        @Override
        public String stderrTail() {
            synchronized (stderr) {
                return stderr.toString();
            }
        }

        @Override
        public void close() {
            try {
                stdin.close();
            } catch (IOException e) {
                // already closed
            }
            try {
                if (callback != null) callback.close();
            } catch (IOException e) {
                // already closed
            }
        }
    }

    @Override
    public int followAndWait(String id, Consumer<String> output) {
        try {
            gateway.client().logContainerCmd(id).withFollowStream(true).withStdOut(true).withStdErr(true)
                    .exec(new ResultCallback.Adapter<Frame>() {
                        @Override
                        public void onNext(Frame frame) {
                            new String(frame.getPayload(), StandardCharsets.UTF_8).lines().forEach(output);
                        }
                    }).awaitCompletion();
            return gateway.client().waitContainerCmd(id).exec(new WaitContainerResultCallback()).awaitStatusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + id, e);
        }
    }
}
