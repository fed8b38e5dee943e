package dev.factory.kinds.container;

import dev.factory.config.Desired;
import dev.factory.engine.port.ContainerEngine;
import dev.factory.engine.port.ImageEngine;
import dev.factory.plan.Address;
import dev.factory.plan.Owner;
import dev.factory.plan.Ownership;
import dev.factory.runtime.Tail;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One container from a profile, for one task (a job, a prune command, a runner, doctor's probe, a
 * lane): its image resolved as the engine holds it now, secrets resolved at create and no earlier,
 * owned (labelled) like everything factory makes, a leftover of the same name removed first. The
 * one way the kinds and features start a container that is not a service.
 */
@dev.factory.engine.KindApi
public final class OneShot {
    private final ContainerEngine containers;
    private final ImageEngine images;
    private final Owner owner;

    public OneShot(ContainerEngine containers, ImageEngine images, Owner owner) {
        this.containers = containers;
        this.images = images;
        this.owner = owner;
    }

    /**
     * @param name the container's name
     * @param kind the address kind its labels carry ({@code job}, {@code doctor}, {@code lane}...)
     * @param env set after the profile's env (a runner token); never planned or logged
     * @param labels added to factory's ownership labels
     * @param autoRemove the engine removes it when it exits (a detached lane)
     * @param interactive stdin and a terminal attached (a lane without a command)
     */
    public record Request(String name, String kind, ProfileSpec profile, List<String> command, Map<String, String> env,
                          Map<String, String> labels, boolean autoRemove, boolean interactive) {
        public Request {
            command = List.copyOf(command);
            env = Map.copyOf(env);
            labels = Map.copyOf(labels);
        }

        public static Request of(String name, String kind, ProfileSpec profile, List<String> command) {
            return new Request(name, kind, profile, command, Map.of(), Map.of(), false, false);
        }

        public Request withEnv(Map<String, String> more) {
            return new Request(name, kind, profile, command, more, labels, autoRemove, interactive);
        }

        public Request withLabels(Map<String, String> more) {
            return new Request(name, kind, profile, command, env, more, autoRemove, interactive);
        }

        public Request detached(boolean autoRemoveIt, boolean interactiveIt) {
            return new Request(name, kind, profile, command, env, labels, autoRemoveIt, interactiveIt);
        }

        Address address() {
            return Address.of(kind, name);
        }
    }

    /** The profile's image is not on the engine (not built yet, or external and not loaded): nothing was started. */
    public static final class NoImage extends IOException {
        private final String why;

        NoImage(String name, String why) {
            super(name + ": " + why);
            this.why = why;
        }

        public String why() {
            return why;
        }
    }

    /** How a run ended: the exit code (or {@code -1}), whether its timeout killed it, and its last lines. */
    public record Result(int exitCode, boolean timedOut, List<String> tail) {
        public String tailJoined() {
            return String.join(" | ", tail);
        }
    }

    /** A created container: started, followed, probed and removed through here. Closing removes it. */
    public final class Container implements AutoCloseable {
        private final String id;
        private final ProfileSpec profile;

        private Container(String id, ProfileSpec profile) {
            this.id = id;
            this.profile = profile;
        }

        public String id() {
            return id;
        }

        /** Unpacks a tar into its file system at {@code path} (before it starts: a lane's copy of the repo). */
        public void copyInto(java.io.InputStream tar, String path) {
            containers.copyInto(id, tar, path);
        }

        public void start() {
            OneShot.this.start(id, profile);
        }

        public ContainerEngine.ExecResult exec(List<String> command, Duration timeout) {
            return containers.exec(id, command, timeout);
        }

        /** Starts {@code command} in it with stdin open, for a conversation over lines. */
        public ContainerEngine.Conversation converse(List<String> command, java.util.Map<String, String> env) {
            return containers.converse(id, command, env);
        }

        /** Follows its output until it exits; returns the exit code. */
        public int follow(Consumer<String> output) {
            return containers.followAndWait(id, output);
        }

        @Override
        public void close() {
            containers.forceRemove(id);
        }
    }

    /** Creates the container (not started). Throws {@link NoImage} when its image is missing. */
    public Container create(Desired desired, Request request) throws IOException {
        return new Container(createId(desired, request), request.profile());
    }

    private String createId(Desired desired, Request request) throws IOException {
        var image = dev.factory.kinds.container.ContainerImages.current(request.profile().image(), desired, images::idOfTag);
        if (image.id() == null) throw new NoImage(request.name(), image.why());
        for (var c : containers.listContainers()) {
            if (c.name().equals(request.name()) && c.ownedBy(owner)) containers.forceRemove(c.id());
        }
        var spec = new ContainerSpec(request.name(), request.address(), request.profile().image(), request.command(), "no", request.profile(),
                request.profile().at(), List.of(), null, request.profile().seeds());
        var labels = new LinkedHashMap<>(Ownership.labels(owner, spec.address(), "-"));
        labels.putAll(request.labels());
        String id = containers.create(ContainerRequests.build(spec, image.id(), labels, request.autoRemove(), request.interactive(),
                desired.secrets(), request.env()));
        try {
            Seeds.seed(containers, id, spec);
            Seeds.installGitGuard(containers, id, request.profile());
        } catch (IOException e) {
            containers.forceRemove(id);
            throw e;
        }
        return id;
    }

    /** Starts it; a profile whose egress network is missing says what to run rather than the engine's "not found". */
    private void start(String id, ProfileSpec profile) {
        try {
            containers.start(id);
        } catch (RuntimeException e) {
            if (profile.egressEnforced() && String.valueOf(e.getMessage()).contains("network " + profile.network() + " not found")) {
                throw new IllegalStateException("profile " + profile.name() + "'s egress is not set up (its network " + profile.network()
                        + " is missing): run factory apply, which sets up egress/" + profile.name() + " first", e);
            }
            throw e;
        }
    }

    /**
     * Runs the container to its end (or until {@code timeout}, then kills it), passing each line to
     * {@code output}, and removes it. Keeps the last {@code tailLines} lines in the result.
     */
    public Result run(Desired desired, Request request, Duration timeout, int tailLines, Consumer<String> output) throws IOException {
        String id = createId(desired, request);
        var tail = new Tail(tailLines);
        var waiter = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "one-shot-" + request.name());
            t.setDaemon(true);
            return t;
        });
        try {
            start(id, request.profile());
            var exit = waiter.submit(() -> containers.followAndWait(id, line -> {
                tail.accept(line);
                output.accept(line);
            }));
            try {
                return new Result(exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS), false, tail.lines());
            } catch (TimeoutException e) {
                tail.accept("killed after its timeout of " + timeout.toSeconds() + " s");
                return new Result(-1, true, tail.lines());
            } catch (ExecutionException e) {
                tail.accept("failed: " + e.getCause().getMessage());
                return new Result(-1, false, tail.lines());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                tail.accept("interrupted");
                return new Result(-1, false, tail.lines());
            }
        } finally {
            containers.forceRemove(id);
            waiter.shutdownNow();
        }
    }
}
