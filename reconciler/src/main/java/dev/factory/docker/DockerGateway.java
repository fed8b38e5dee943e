package dev.factory.docker;

import dev.factory.engine.Ports;
import dev.factory.engine.port.LabelledObjects;
import dev.factory.kinds.prune.BuildCache;
import dev.factory.engine.port.DockerUnavailableException;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import dev.factory.config.HostSpec;
import java.io.IOException;
import java.time.Duration;

/**
 * One connection to one Docker engine. The endpoint is {@code host.dockerHost}, else
 * {@code $DOCKER_HOST}, else the local socket. docker-java types never leave this package.
 */
public final class DockerGateway implements AutoCloseable, LabelledObjects, BuildCache, Ports.Observation {
    public static final String DEFAULT_HOST = "unix:///var/run/docker.sock";

    private final String endpoint;
    /** docker-java's settings, read (the endpoint, the user's docker config) on first use with the client: a no-op plan never needs them. */
    private final java.util.function.Supplier<DefaultDockerClientConfig> config;
    private final ApiCalls calls;
    /** docker-java's command layer, made on first use: a no-op plan never needs it (see {@link EngineLists}). */
    private volatile DockerClient client;

    private DockerGateway(String endpoint, java.util.function.Supplier<DefaultDockerClientConfig> config, ApiCalls calls) {
        this.endpoint = endpoint;
        this.config = config;
        this.calls = calls;
    }

    public static String endpoint(HostSpec host) {
        if (host != null && host.dockerHost() != null) return host.dockerHost();   // the schema checked its form
        String env = System.getenv("DOCKER_HOST");
        if (env == null || env.isBlank()) return DEFAULT_HOST;
        if (!isEndpoint(env)) {
            throw new dev.factory.runtime.UsageError("DOCKER_HOST='" + dev.factory.runtime.Printable.escape(env)
                    + "' is not a Docker endpoint: use unix:///PATH or tcp://HOST:PORT, or unset it for " + DEFAULT_HOST);
        }
        return env;
    }

    /** The endpoint forms factory's Docker client speaks: a unix socket path or a TCP host and port. */
    public static boolean isEndpoint(String text) {
        return text.matches("unix:///[^\\s]+|tcp://[^/\\s:]+:[0-9]{1,5}/?");
    }

    public static DockerGateway connect(String endpoint) {
        var config = new Once<>(() -> DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(endpoint).build());
        return new DockerGateway(endpoint, config, new ApiCalls(() -> new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.get().getDockerHost())
                .connectionTimeout(Duration.ofSeconds(5))
                .maxConnections(16)
                .build()));
    }

    /** The API calls made through this gateway alone, by method and path shape (see {@link ApiCalls}). */
    public java.util.Map<String, Long> apiCalls() {
        return calls.counted();
    }

    public String endpoint() {
        return endpoint;
    }

    /**
     * While a plan observes, list calls are answered once and shared by every kind; apply always
     * lists afresh. Each observation has a map of its own, so a list still running when one ends
     * cannot answer the next.
     */
    private volatile java.util.Map<String, java.util.concurrent.CompletableFuture<Object>> observation = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean observing;
    private volatile WarmLists warm;
    private volatile DockerUnavailableException lost;

    @Override
    public void begin() {
        beginObservation();
    }

    @Override
    public void end() {
        endObservation();
    }

    @Override
    public java.util.Map<String, java.util.Map<String, String>> labelsById() {
        var out = new java.util.LinkedHashMap<String, java.util.Map<String, String>>();
        containers().listContainers().forEach(c -> out.put(c.id(), c.labels()));
        images().listImages().forEach(i -> out.put(i.id(), i.labels()));
        networksAndVolumes().listNetworks().forEach(n -> out.put(n.id(), n.labels()));
        networksAndVolumes().listVolumes().forEach(v -> out.put(v.name(), v.labels()));
        return out;
    }

    @Override
    public long bytes() {
        return buildCacheBytes();
    }

    @Override
    public long prune(long keepBytes) {
        return pruneBuildCache(keepBytes);
    }

    /**
     * Starts an observation, and with it the container and image lists, side by side: every plan
     * reads both (its kinds, and prune's ownership check), and the image list is the engine's
     * slowest answer (its whole image store is walked, intermediate build layers included), so
     * it runs while the kinds read git and the disk rather than after.
     */
    public void beginObservation() {
        var now = new java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.CompletableFuture<Object>>();
        observation = now;
        lost = null;
        observing = true;
        WarmLists kept = warm;
        if (kept != null) kept.current().forEach((key, list) -> now.put(key, java.util.concurrent.CompletableFuture.completedFuture(list)));
        prefetch(now, "containers", warmed(kept, "containers", () -> containers().listNow()));
        prefetch(now, "images", warmed(kept, "images", () -> images().listNow()));
    }

    /**
     * Keeps the container and image lists this gateway's observations take in {@code lists}, and
     * starts each observation from those still true (see {@link WarmLists}); only when they are
     * this engine's and it is on a unix socket.
     */
    public void keepWarm(WarmLists lists) {
        if (lists != null && lists.endpoint().equals(endpoint) && endpoint.startsWith("unix://")) warm = lists;
    }

    private static <T> java.util.function.Supplier<java.util.List<T>> warmed(WarmLists kept, String key, java.util.function.Supplier<java.util.List<T>> list) {
        if (kept == null) return list;
        return () -> {
            var mark = kept.mark();
            return kept.keep(key, mark, list.get());
        };
    }

    public void endObservation() {
        observing = false;
        observation = new java.util.concurrent.ConcurrentHashMap<>();
        lost = null;
    }

    private static void prefetch(java.util.Map<String, java.util.concurrent.CompletableFuture<Object>> into, String key,
                                 java.util.function.Supplier<?> list) {
        if (into.containsKey(key)) return;   // kept warm
        var t = new Thread(() -> answer(into, key, list), "docker-prefetch-" + key);
        t.setDaemon(true);
        t.start();
    }

    /** The observation's answer for {@code key}: the list already made or under way, else made here. */
    private static java.util.concurrent.CompletableFuture<Object> answer(java.util.Map<String, java.util.concurrent.CompletableFuture<Object>> in,
                                                                        String key, java.util.function.Supplier<?> list) {
        var mine = new java.util.concurrent.CompletableFuture<Object>();
        var earlier = in.putIfAbsent(key, mine);
        if (earlier != null) return earlier;
        try {
            mine.complete(list.get());
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
        }
        return mine;
    }

    /**
     * One list call per kind of object for the whole observation. Once the engine failed to answer
     * in it, every later list fails too, cached or not: what was seen before it went away is not
     * trusted to plan deletes on (an object is unknown, never absent).
     */
    @SuppressWarnings("unchecked")
    <T> T observed(String key, java.util.function.Supplier<T> list) {
        if (!observing) return list.get();
        DockerUnavailableException gone = lost;
        if (gone != null) throw new DockerUnavailableException(gone.getMessage(), gone);
        try {
            return (T) answer(observation, key, list).join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof DockerUnavailableException u) {
                lost = u;
                throw new DockerUnavailableException(u.getMessage(), u);
            }
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw e;
        }
    }

    DockerClient client() {
        DockerClient made = client;
        if (made != null) return made;
        synchronized (this) {
            if (client == null) client = DockerClientImpl.getInstance(config.get(), calls);
            return client;
        }
    }

    /**
     * The id of the image tagged {@code tag} (see {@link EngineLists#idOfTag}): one inspect, not a
     * list of every image. Only for a {@link EngineLists#plainReference}, which goes into the path as it is.
     */
    java.util.Optional<String> imageIdOfTag(String tag) {
        String path = "/images/" + tag + "/json";
        return read(path, answer -> EngineLists.idOfTag(tag, path, answer));
    }

    /**
     * One of the engine's lists as a JSON tree. An answer other than 200, or a body that is not the
     * JSON asked for, fails as the engine being unreachable would: a plan never reads a list it
     * could not read whole as an empty one.
     */
    com.fasterxml.jackson.databind.JsonNode list(String path, boolean array) {
        return read(path, answer -> EngineLists.tree(path, answer, array));
    }

    /** {@code GET path} on a connection of its own ({@link PlainHttp}), counted, its answer read by {@code read}; any failure says where the engine was looked for. */
    private <T> T read(String path, java.util.function.Function<PlainHttp.Answer, T> read) {
        calls.count("GET", path);
        try {
            return read.apply(PlainHttp.get(endpoint, path));
        } catch (IOException e) {
            throw unreachable(new java.io.UncheckedIOException("GET " + path + ": " + e.getMessage(), e));
        } catch (RuntimeException e) {
            throw unreachable(e);
        }
    }

    /** Throws with a message saying where the engine was looked for and what to do. */
    public void ping() {
        try {
            client().pingCmd().exec();
        } catch (RuntimeException e) {
            throw unreachable(e);
        }
    }

    public DockerUnavailableException unreachable(RuntimeException e) {
        return new DockerUnavailableException("cannot reach the Docker engine at " + endpoint + " (" + dev.factory.runtime.Errors.rootMessage(e)
                + "); start it, or point host.dockerHost / DOCKER_HOST at it", e);
    }

    public DockerImageEngine images() {
        return new DockerImageEngine(this);
    }

    public DockerContainerEngine containers() {
        return new DockerContainerEngine(this);
    }

    public DockerSwarmEngine swarm() {
        return new DockerSwarmEngine(this);
    }

    public DockerNetworkEngine networksAndVolumes() {
        return new DockerNetworkEngine(this);
    }

    /** The engine's build cache size, from GET /system/df (docker-java has no call for it). */
    public long buildCacheBytes() {
        try (var response = http().execute(com.github.dockerjava.transport.DockerHttpClient.Request.builder()
                .method(com.github.dockerjava.transport.DockerHttpClient.Request.Method.GET).path("/system/df").build())) {
            var df = new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.getBody());
            long total = 0;
            for (var entry : df.path("BuildCache")) total += entry.path("Size").asLong(0);
            return total;
        } catch (IOException | RuntimeException e) {
            throw unreachable(new RuntimeException(e));
        }
    }

    /** POST /build/prune keeping at most {@code keepBytes}; returns the bytes reclaimed. */
    public long pruneBuildCache(long keepBytes) {
        try (var response = http().execute(com.github.dockerjava.transport.DockerHttpClient.Request.builder()
                .method(com.github.dockerjava.transport.DockerHttpClient.Request.Method.POST).path("/build/prune?keep-storage=" + keepBytes).build())) {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.getBody()).path("SpaceReclaimed").asLong(0);
        } catch (IOException e) {
            throw new IllegalStateException("build cache prune failed: " + e.getMessage(), e);
        }
    }

    /**
     * The engine's event stream for {@code actions} of {@code types} (see {@link EventStream}); on
     * its own connection, which it holds until closed.
     */
    public EventStream events(java.util.List<String> types, java.util.List<String> actions, long sinceSeconds) {
        try {
            return EventStream.open(http(), types, actions, sinceSeconds);
        } catch (RuntimeException e) {
            throw unreachable(e);
        }
    }

    /** Every event from now on, on a connection of its own. */
    EventStream allEvents() {
        try {
            return EventStream.all(http(), "");
        } catch (RuntimeException e) {
            throw unreachable(e);
        }
    }

    /** Whether the engine's event log holds an event that can change a container or image list in the window. */
    boolean changedBetween(long sinceNanos, long untilNanos) throws IOException {
        try (EventStream window = EventStream.all(http(), "since=" + EventStream.timestamp(sinceNanos) + "&until=" + EventStream.timestamp(untilNanos))) {
            for (var event = window.next(); event != null; event = window.next()) {
                if (WarmLists.changesLists(event)) return true;
            }
            return false;
        } catch (RuntimeException e) {
            throw unreachable(e);
        }
    }

    com.github.dockerjava.transport.DockerHttpClient http() {
        return calls;
    }

    @Override
    public void close() throws IOException {
        DockerClient made = client;
        if (made != null) made.close();   // closes the HTTP client under it too
        else calls.close();
    }

    /** {@code make}'s value, made by the first caller and kept (docker-java's config: with it come docker-java's, Guava's and java.util.logging's classes). */
    private static final class Once<T> implements java.util.function.Supplier<T> {
        private final java.util.function.Supplier<T> make;
        private T value;

        Once(java.util.function.Supplier<T> make) {
            this.make = make;
        }

        @Override
        public synchronized T get() {
            if (value == null) value = make.get();
            return value;
        }
    }
}
