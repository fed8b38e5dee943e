package dev.factory.mcpbridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * A stdio-to-HTTP MCP bridge: each JSON-RPC message read on stdin is POSTed to a Streamable
 * HTTP MCP server, and its answer (a JSON body or SSE events) is written to stdout, one message
 * per line. Failed attempts are retried with exponential backoff; after the last one a request
 * gets a JSON-RPC error, so the client is never left waiting. Logs go to stderr only.
 */
public final class McpBridge {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int BRIDGE_ERROR = -32000;
    static final int PARSE_ERROR = -32700;

    public record Options(URI url, Map<String, String> headers, int retries, Duration timeout) {}

    private final Options options;
    private final HttpClient http;
    private final Consumer<String> log;
    private volatile String sessionId;

    public McpBridge(Options options, Consumer<String> log) {
        this.options = options;
        this.log = log;
        this.http = HttpClient.newBuilder().connectTimeout(options.timeout()).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** Runs until stdin ends. */
    public void run(InputStream in, PrintStream out) throws IOException {
        var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            if (line.isBlank()) continue;
            JsonNode message;
            try {
                message = JSON.readTree(line);
            } catch (IOException e) {
                emit(out, error(null, PARSE_ERROR, "factory mcp-bridge: a line on stdin is not JSON"));
                continue;
            }
            forward(message, out);
        }
    }

    private void forward(JsonNode message, PrintStream out) {
        JsonNode id = message.isObject() ? message.get("id") : null;
        String last = "no attempt";
        long backoff = 100;
        for (int attempt = 0; attempt <= options.retries(); attempt++) {
            if (attempt > 0) {
                sleep(backoff + ThreadLocalRandom.current().nextLong(backoff / 2 + 1));
                backoff = Math.min(backoff * 2, 2_000);
            }
            try {
                HttpResponse<InputStream> response = http.send(request(message), HttpResponse.BodyHandlers.ofInputStream());
                int status = response.statusCode();
                response.headers().firstValue("Mcp-Session-Id").ifPresent(s -> sessionId = s);
                if (status >= 500 || status == 429) {
                    response.body().close();
                    last = "HTTP " + status;
                    continue;
                }
                if (status >= 400) {
                    String body = new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
                    if (id != null) {
                        emit(out, error(id, BRIDGE_ERROR, "factory mcp-bridge: " + options.url() + " answered HTTP " + status + ": " + abbreviate(body)));
                    }
                    return;
                }
                relay(response, id, out);
                return;
            } catch (IOException e) {
                last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                last = "interrupted";
                break;
            }
            log.accept("mcp-bridge: attempt " + (attempt + 1) + " to " + options.url() + " failed: " + last);
        }
        String why = "factory mcp-bridge: " + options.url() + " unreachable after " + (options.retries() + 1) + " attempts (" + last + ")";
        if (id != null) emit(out, error(id, BRIDGE_ERROR, why));
        else log.accept(why + "; a notification was dropped");
    }

    private HttpRequest request(JsonNode message) throws IOException {
        var b = HttpRequest.newBuilder(options.url()).timeout(options.timeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(message)));
        options.headers().forEach(b::header);
        if (sessionId != null) b.header("Mcp-Session-Id", sessionId);
        return b.build();
    }

    /** A JSON body is one message (or a batch); an SSE body carries messages in data lines, ending with our answer. */
    private void relay(HttpResponse<InputStream> response, JsonNode id, PrintStream out) throws IOException {
        String type = response.headers().firstValue("Content-Type").orElse("");
        try (InputStream body = response.body()) {
            if (!type.startsWith("text/event-stream")) {
                byte[] bytes = body.readAllBytes();
                if (bytes.length > 0) emit(out, JSON.readTree(bytes));
                return;
            }
            var reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
            var data = new StringBuilder();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith("data:")) {
                    data.append(line.substring(5).stripLeading()).append('\n');
                } else if (line.isEmpty() && data.length() > 0) {
                    JsonNode event = JSON.readTree(data.toString());
                    data.setLength(0);
                    emit(out, event);
                    if (id != null && id.equals(event.get("id")) && (event.has("result") || event.has("error"))) return;
                }
            }
            if (data.length() > 0) emit(out, JSON.readTree(data.toString()));
        }
    }

    private static ObjectNode error(JsonNode id, int code, String raw) {
        String message = dev.factory.secrets.Masker.mask(raw);
        ObjectNode e = JSON.createObjectNode().put("jsonrpc", "2.0");
        e.set("id", id == null ? JSON.nullNode() : id);
        e.putObject("error").put("code", code).put("message", message);
        return e;
    }

    private static void emit(PrintStream out, JsonNode message) {
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

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    private static void sleep(long millis) {
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
