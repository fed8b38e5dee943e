package dev.factory.docker;

import com.github.dockerjava.transport.DockerHttpClient;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts Docker API calls by method and path shape (ids and names folded), for the benchmark and
 * for {@code FACTORY_API_STATS=1}: a no-op plan must make a constant number of calls, none mutating.
 */
public final class ApiCalls implements DockerHttpClient {
    private static final Map<String, LongAdder> COUNTS = new ConcurrentHashMap<>();

    private final java.util.function.Supplier<DockerHttpClient> connect;
    /** Made on the first call through it: a plan's lists go by {@link PlainHttp} and never need it. */
    private DockerHttpClient delegate;
    /** This client's own calls: the process-wide ones include every other client's. */
    private final Map<String, LongAdder> own = new ConcurrentHashMap<>();

    ApiCalls(java.util.function.Supplier<DockerHttpClient> connect) {
        this.connect = connect;
    }

    @Override
    public Response execute(Request request) {
        count(request.method(), request.path());
        return delegate().execute(request);
    }

    /** Counts a call made past this client (see {@link PlainHttp}). */
    void count(String method, String path) {
        String call = method + " " + shape(path);
        COUNTS.computeIfAbsent(call, k -> new LongAdder()).increment();
        own.computeIfAbsent(call, k -> new LongAdder()).increment();
    }

    private synchronized DockerHttpClient delegate() {
        if (delegate == null) delegate = connect.get();
        return delegate;
    }

    /** {@code /v1.41/containers/abc123/json?size=1} becomes {@code /containers/{id}/json}. */
    static String shape(String path) {
        String p = path.replaceFirst("\\?.*$", "").replaceFirst("^/v\\d+\\.\\d+", "");
        String[] parts = p.split("/");
        var sb = new StringBuilder();
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i];
            boolean resource = i == 1 || part.equals("json") || part.equals("start") || part.equals("stop") || part.equals("create")
                    || part.equals("build") || part.equals("prune") || part.equals("exec") || part.equals("logs") || part.equals("wait")
                    || part.equals("archive") || part.equals("df") || part.equals("_ping");
            sb.append('/').append(resource ? part : "{id}");
        }
        return sb.toString();
    }

    public static Map<String, Long> snapshot() {
        return sums(COUNTS);
    }

    /** This client's calls so far. */
    Map<String, Long> counted() {
        return sums(own);
    }

    private static Map<String, Long> sums(Map<String, LongAdder> counts) {
        var out = new TreeMap<String, Long>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    public static long mutating() {
        return snapshot().entrySet().stream().filter(e -> !e.getKey().startsWith("GET ") && !e.getKey().startsWith("HEAD "))
                .filter(e -> !e.getKey().endsWith("/_ping")).mapToLong(Map.Entry::getValue).sum();
    }

    public static void reset() {
        COUNTS.clear();
    }

    @Override
    public void close() throws IOException {
        DockerHttpClient made;
        synchronized (this) {
            made = delegate;
        }
        if (made != null) made.close();
    }
}
