package dev.factory.mcpbridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A stdio-to-HTTP MCP bridge for the Streamable HTTP transport (MCP 2025-06-18): each JSON-RPC
 * message read on stdin is POSTed to the server on its own thread, so a slow call never delays a
 * fast one and the client's answers to server requests go out while a call is still streaming.
 * Answers (a JSON body or SSE events) go to stdout, one message per line; server-initiated
 * messages arrive on the GET stream, which is open before anything after {@code initialized} goes
 * out (a server drops what it sends while none is open), re-opened with {@code Last-Event-ID} when it drops. A 404 for
 * the session re-initializes it (the client's own {@code initialize} and {@code initialized}
 * replayed) and sends the request again, which the server never processed. Only what is safe to
 * repeat is retried: an attempt that provably never reached the server, or an idempotent method;
 * every request is answered, with a JSON-RPC error naming the cause when nothing else can be said.
 * On stdin's end the session is deleted. Logs go to stderr only.
 */
public final class McpBridge {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int BRIDGE_ERROR = -32000;
    static final int PARSE_ERROR = -32700;
    /** Methods that change nothing on the server, so a repeat is harmless; {@code *}/list too. */
    static final Set<String> IDEMPOTENT = Set.of("initialize", "ping", "resources/read", "prompts/get", "completion/complete",
            "logging/setLevel", "resources/subscribe", "resources/unsubscribe");

    public record Options(URI url, Map<String, String> headers, int retries, Duration timeout) {}

    enum Kind { REQUEST, NOTIFICATION, RESPONSE }

    private final Options options;
    private final HttpClient http;
    private final Consumer<String> log;
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "mcp-bridge");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger reinitializations = new AtomicInteger();
    private final Object sessionLock = new Object();
    private PrintStream out;
    private volatile String sessionId;
    private volatile String protocolVersion;
    private volatile JsonNode initializeRequest;
    private volatile JsonNode initializedNotification;
    private volatile boolean running = true;
    private final ServerStream serverStream;

    public McpBridge(Options options, Consumer<String> log) {
        this.options = options;
        this.log = log;
        this.http = HttpClient.newBuilder().connectTimeout(options.timeout()).version(HttpClient.Version.HTTP_1_1).build();
        this.serverStream = new ServerStream(this);
    }

    /** Runs until stdin ends and the requests in flight are answered (or have had their time). */
    public void run(InputStream in, PrintStream out) throws IOException {
        this.out = out;
        var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            if (line.isBlank()) continue;
            JsonNode message;
            try {
                message = JSON.readTree(line);
            } catch (IOException e) {
                emit(error(null, PARSE_ERROR, "factory mcp-bridge: a line on stdin is not JSON"));
                continue;
            }
            Kind kind = kind(message);
            String method = message.path("method").asText();
            if (kind == Kind.REQUEST && method.equals("initialize")) initializeRequest = message;
            // the opening is sent in order, before anything else: the session exists once it is done
            if (method.equals("initialize") || method.equals("notifications/initialized")) forward(message, kind);
            else workers.execute(() -> forward(message, kind));
        }
        workers.shutdown();
        try {
            long allowed = options.timeout().toMillis() * (options.retries() + 1L) + 1_000;
            if (!workers.awaitTermination(allowed, TimeUnit.MILLISECONDS)) log.accept("mcp-bridge: stdin ended; requests still in flight are abandoned");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        running = false;
        serverStream.stop();
        deleteSession();
    }

    static Kind kind(JsonNode message) {
        if (message.isObject() && message.hasNonNull("method")) return message.has("id") ? Kind.REQUEST : Kind.NOTIFICATION;
        return Kind.RESPONSE;
    }

    /** Whether sending {@code message} twice could do no harm. */
    static boolean safeToRepeat(JsonNode message, Kind kind) {
        if (kind != Kind.REQUEST) return false;
        String method = message.path("method").asText();
        return IDEMPOTENT.contains(method) || method.endsWith("/list");
    }

    private void forward(JsonNode message, Kind kind) {
        JsonNode id = kind == Kind.REQUEST ? message.get("id") : null;
        String method = message.path("method").asText(null);
        boolean safe = safeToRepeat(message, kind);
        boolean reinitialized = false;
        String last = "no attempt";
        long backoff = 100;
        for (int attempt = 0; attempt <= options.retries(); attempt++) {
            if (attempt > 0) {
                sleep(backoff + ThreadLocalRandom.current().nextLong(backoff / 2 + 1));
                backoff = Math.min(backoff * 2, 2_000);
            }
            String session = sessionId;
            HttpResponse<InputStream> response;
            try {
                response = http.send(post(message, session), HttpResponse.BodyHandlers.ofInputStream());
            } catch (ConnectException | HttpConnectTimeoutException e) {
                last = "cannot connect (" + e.getClass().getSimpleName() + ")";   // never sent: always safe to try again
                log.accept("mcp-bridge: attempt " + (attempt + 1) + " to " + options.url() + " failed: " + last);
                continue;
            } catch (IOException e) {
                last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                if (safe) {
                    log.accept("mcp-bridge: attempt " + (attempt + 1) + " failed: " + last);
                    continue;
                }
                answerError(id, method, "the connection failed after the request was sent (" + last + "); not repeated, since the server may have run it");
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                answerError(id, method, "interrupted");
                return;
            }
            int status = response.statusCode();
            if ("initialize".equals(method)) response.headers().firstValue("Mcp-Session-Id").ifPresent(s -> sessionId = s);
            String refusal = status >= 400 && status < 500 ? read(response) : null;
            if (session != null && !"initialize".equals(method) && sessionLost(status, refusal)) {
                if (reinitialized) {
                    answerError(id, method, "the server does not know the session and re-initializing it failed (see stderr)");
                    return;
                }
                reinitialized = true;
                reinitialize(session);
                attempt--;   // the server never saw this request: sending it again is always safe
                continue;
            }
            if (status >= 500 || status == 429) {
                drain(response);
                last = "HTTP " + status;
                if (safe) {
                    log.accept("mcp-bridge: attempt " + (attempt + 1) + " failed: " + last);
                    continue;
                }
                answerError(id, method, options.url() + " answered HTTP " + status + "; not repeated, since the server may have run " + method);
                return;
            }
            if (status >= 400) {
                String why = options.url() + " answered HTTP " + status + ": " + abbreviate(refusal);
                if (id != null) answerError(id, method, why);
                else log.accept("mcp-bridge: a " + (kind == Kind.NOTIFICATION ? "notification (" + method + ")" : "response") + " was refused: " + why);
                return;
            }
            if (kind != Kind.REQUEST) {
                drain(response);
                if ("notifications/initialized".equals(method)) {
                    initializedNotification = message;
                    serverStream.start(sessionId);
                    serverStream.awaitOpen(streamWait());   // runs on the stdin reader: nothing else goes out before
                }
                return;
            }
            String outcome = relay(response, id, method);
            if (outcome == null) return;
            last = outcome;
            if (!safe) {
                answerError(id, method, outcome + "; not repeated, since the server may have run " + method);
                return;
            }
            log.accept("mcp-bridge: attempt " + (attempt + 1) + ": " + outcome);
        }
        answerError(id, method, options.url() + " unreachable after " + (options.retries() + 1) + " attempts (" + last + ")");
    }

    /**
     * Whether the server no longer knows the session: 404, as the spec says, or the 400 "No valid
     * session ID" that servers built on the TypeScript SDK answer after a restart.
     */
    static boolean sessionLost(int status, String body) {
        if (status == 404) return true;
        return status == 400 && body != null && body.toLowerCase(java.util.Locale.ROOT).contains("session");
    }

    HttpRequest.Builder base(String session) {
        var b = HttpRequest.newBuilder(options.url());
        options.headers().forEach(b::header);
        if (session != null) b.header("Mcp-Session-Id", session);
        if (protocolVersion != null) b.header("MCP-Protocol-Version", protocolVersion);
        return b;
    }

    private HttpRequest post(JsonNode message, String session) throws IOException {
        return base(session).timeout(options.timeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(message))).build();
    }

    /**
     * Relays a POST's answer: a JSON body, or SSE events until the one answering {@code id}. Null
     * when the answer was relayed; otherwise why it was not (the stream ended first, or a body was
     * not JSON), and nothing partial was claimed as the answer.
     */
    private String relay(HttpResponse<InputStream> response, JsonNode id, String method) {
        String type = response.headers().firstValue("Content-Type").orElse("");
        try (InputStream body = response.body()) {
            if (!type.startsWith("text/event-stream")) {
                JsonNode answer = JSON.readTree(body.readAllBytes());
                if (answer == null || answer.isMissingNode()) return "the server's answer was empty";
                noteInitialized(method, answer);
                emit(answer);
                return null;
            }
            var events = new SseReader(body);
            for (SseReader.Event e = events.next(); e != null; e = events.next()) {
                JsonNode message = JSON.readTree(e.data());
                if (id.equals(message.get("id")) && (message.has("result") || message.has("error"))) {
                    noteInitialized(method, message);
                    emit(message);
                    return null;
                }
                emit(message);
            }
            return "the response stream ended before the answer";
        } catch (IOException e) {
            return "the answer could not be read (" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + abbreviate(e.getMessage())) + ")";
        }
    }

    private void noteInitialized(String method, JsonNode answer) {
        if ("initialize".equals(method)) {
            String version = answer.path("result").path("protocolVersion").asText(null);
            if (version != null) protocolVersion = version;
        }
    }

    /**
     * The server forgot {@code stale} (it restarted): start a new session with the client's own
     * initialize and initialized, once however many requests saw the 404.
     */
    void reinitialize(String stale) {
        synchronized (sessionLock) {
            if (!Objects.equals(sessionId, stale)) return;
            serverStream.stop();
            JsonNode init = initializeRequest;
            if (init == null) {
                sessionId = null;
                return;
            }
            ObjectNode replay = init.deepCopy();
            replay.put("id", "factory-mcp-bridge-reinitialize-" + reinitializations.incrementAndGet());
            try {
                var response = http.send(post(replay, null), HttpResponse.BodyHandlers.ofInputStream());
                String fresh = response.headers().firstValue("Mcp-Session-Id").orElse(null);
                drain(response);
                if (response.statusCode() >= 300) throw new IOException("HTTP " + response.statusCode());
                sessionId = fresh;
                JsonNode initialized = initializedNotification != null ? initializedNotification
                        : JSON.createObjectNode().put("jsonrpc", "2.0").put("method", "notifications/initialized");
                drain(http.send(post(initialized, fresh), HttpResponse.BodyHandlers.ofInputStream()));
                log.accept("mcp-bridge: the server forgot the session; re-initialized");
                serverStream.start(fresh);
                serverStream.awaitOpen(streamWait());
            } catch (IOException e) {
                log.accept("mcp-bridge: re-initializing failed: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** How long the client waits for the server's stream to open: the request timeout, at most 10 s. */
    private Duration streamWait() {
        Duration most = Duration.ofSeconds(10);
        return options.timeout().compareTo(most) < 0 ? options.timeout() : most;
    }

    private void deleteSession() {
        String session = sessionId;
        if (session == null) return;
        try {
            drain(http.send(base(session).timeout(options.timeout()).DELETE().build(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            log.accept("mcp-bridge: could not end the session: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean running() {
        return running;
    }

    HttpClient http() {
        return http;
    }

    Consumer<String> log() {
        return log;
    }

    /** Every request gets an answer; a notification or a response that failed is logged. */
    private void answerError(JsonNode id, String method, String why) {
        if (id != null) emit(error(id, BRIDGE_ERROR, "factory mcp-bridge: " + why));
        else log.accept("mcp-bridge: " + (method == null ? "a response" : method) + " was not delivered: " + why);
    }

    static ObjectNode error(JsonNode id, int code, String raw) {
        String message = dev.factory.secrets.Masker.mask(raw);
        ObjectNode e = JSON.createObjectNode().put("jsonrpc", "2.0");
        e.set("id", id == null ? JSON.nullNode() : id);
        e.putObject("error").put("code", code).put("message", message);
        return e;
    }

    void emit(JsonNode message) {
        String line;
        try {
            line = JSON.writeValueAsString(message);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }

    private static void drain(HttpResponse<InputStream> response) {
        try (InputStream body = response.body()) {
            body.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException e) {
            // nothing more to read
        }
    }

    private static String read(HttpResponse<InputStream> response) {
        try (InputStream body = response.body()) {
            return new String(body.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code ${VAR}} in header values, from the bridge's environment; a missing variable is an error, never empty. */
    public static String expand(String value, Map<String, String> env) {
        var m = java.util.regex.Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}").matcher(value);
        var sb = new StringBuilder();
        while (m.find()) {
            String v = env.get(m.group(1));
            if (v == null) throw new IllegalArgumentException("environment variable " + m.group(1) + " is not set");
            dev.factory.secrets.Masker.register(v);
            if (v.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                // an HTTP client would refuse it quoting the value: say which variable, never what it holds
                throw new IllegalArgumentException("environment variable " + m.group(1) + " holds a line break or another control character"
                        + " (often a trailing newline from a file); strip it");
            }
            m.appendReplacement(sb, java.util.regex.Matcher.quoteReplacement(v));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
