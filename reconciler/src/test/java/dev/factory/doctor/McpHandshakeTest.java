package dev.factory.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.factory.engine.port.ContainerEngine.Conversation;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class McpHandshakeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A server in memory: each line doctor sends is answered by {@code reply} (zero or more lines). */
    static final class Scripted implements Conversation {
        final List<JsonNode> received = new ArrayList<>();
        final ArrayDeque<String> out = new ArrayDeque<>();
        final Function<JsonNode, List<String>> reply;
        String stderr = "";
        boolean exits;
        boolean closed;

        Scripted(Function<JsonNode, List<String>> reply) {
            this.reply = reply;
        }

        @Override
        public void send(String line) throws IOException {
            if (exits && out.isEmpty()) throw new IOException("Broken pipe");
            JsonNode msg = JSON.readTree(line);
            received.add(msg);
            out.addAll(reply.apply(msg));
        }

        @Override
        public String nextLine(Duration timeout) {
            return out.poll();
        }

        @Override
        public boolean ended() {
            return exits && out.isEmpty();
        }

        @Override
        public String stderrTail() {
            return stderr;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    static String result(JsonNode request, String result) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + request.get("id") + ",\"result\":" + result + "}";
    }

    /** A well-behaved server with {@code pages} pages of two tools each. */
    static Scripted server(int pages) {
        return new Scripted(msg -> switch (msg.path("method").asText()) {
            case "initialize" -> List.of("server starting (a log line on stdout)",
                    result(msg, "{\"protocolVersion\":\"2025-06-18\",\"serverInfo\":{\"name\":\"fixture\",\"version\":\"2.0\"}}"));
            case "tools/list" -> {
                int page = msg.path("params").path("cursor").asInt(0);
                String next = page + 1 < pages ? ",\"nextCursor\":\"" + (page + 1) + "\"" : "";
                yield List.of(result(msg, "{\"tools\":[{\"name\":\"a\"},{\"name\":\"b\"}]" + next + "}"));
            }
            default -> List.of();
        });
    }

    @Test
    void theOpeningIsInitializeThenInitializedThenToolsList() {
        var s = server(1);
        var r = McpHandshake.run(s, Duration.ofSeconds(5));
        assertTrue(r.ok(), String.valueOf(r));
        assertEquals("fixture/2.0", r.server());
        assertEquals("2025-06-18", r.protocol());
        assertEquals(2, r.tools());
        assertEquals(List.of("initialize", "notifications/initialized", "tools/list"), s.received.stream().map(m -> m.get("method").asText()).toList());
        JsonNode init = s.received.get(0);
        assertEquals(McpHandshake.PROTOCOL, init.at("/params/protocolVersion").asText());
        assertEquals("factory-doctor", init.at("/params/clientInfo/name").asText());
        assertFalse(s.received.get(1).has("id"), "initialized is a notification");
    }

    @Test
    void everyPageOfToolsIsCounted() {
        var s = server(3);
        var r = McpHandshake.run(s, Duration.ofSeconds(5));
        assertEquals(6, r.tools());
        assertEquals(List.of("1", "2"), s.received.stream().filter(m -> m.at("/params/cursor").isTextual())
                .map(m -> m.at("/params/cursor").asText()).toList());
    }

    @Test
    void aServersRequestInBetweenGetsAnErrorAndTheOpeningGoesOn() {
        var s = new Scripted(msg -> switch (msg.path("method").asText()) {
            case "initialize" -> List.of("{\"jsonrpc\":\"2.0\",\"id\":\"srv-1\",\"method\":\"roots/list\"}",
                    result(msg, "{\"protocolVersion\":\"2024-11-05\",\"serverInfo\":{\"name\":\"x\",\"version\":\"1\"}}"));
            case "tools/list" -> List.of(result(msg, "{\"tools\":[]}"));
            default -> List.of();
        });
        var r = McpHandshake.run(s, Duration.ofSeconds(5));
        assertTrue(r.ok(), String.valueOf(r));
        assertEquals(0, r.tools());
        assertTrue(s.received.stream().anyMatch(m -> "srv-1".equals(m.path("id").asText()) && m.at("/error/code").asInt() == -32601),
                "answered the server's request: " + s.received);
    }

    @Test
    void anErrorAnswerIsAFailureNamingTheStep() {
        var s = new Scripted(msg -> List.of("{\"jsonrpc\":\"2.0\",\"id\":" + msg.get("id") + ",\"error\":{\"code\":-32602,\"message\":\"unsupported protocol\"}}"));
        var r = McpHandshake.run(s, Duration.ofSeconds(5));
        assertFalse(r.ok());
        assertEquals("initialize failed: unsupported protocol", r.error());
    }

    @Test
    void aServerThatExitsOrIsMissingSaysSo() {
        var gone = new Scripted(msg -> List.of());
        gone.exits = true;
        gone.stderr = "panic: no config\n";
        var r = McpHandshake.run(gone, Duration.ofSeconds(5));
        assertFalse(r.ok());
        assertTrue(r.error().startsWith("the server closed its stdin"), r.error());
        assertEquals("panic: no config\n", r.stderr());

        var missing = new Scripted(msg -> List.of());
        missing.exits = true;
        missing.stderr = "uv is not on PATH\n";
        assertEquals("uv is not on PATH", McpHandshake.run(missing, Duration.ofSeconds(5)).error());
    }

    @Test
    void aSilentServerTimesOut() {
        var silent = new Scripted(msg -> List.of());
        var r = McpHandshake.run(silent, Duration.ofMillis(50));
        assertFalse(r.ok());
        assertEquals("no answer to initialize within 0 s", r.error());
    }

    @Test
    void theLauncherChecksPathAndTakesVariablesFromTheContainerNeverValues() {
        var s = new dev.factory.kinds.mcp.McpServer("github", dev.factory.kinds.mcp.McpServer.Transport.STDIO, "github-mcp-server",
                List.of("stdio", "--read-only"), new java.util.TreeMap<>(Map.of("GITHUB_PERSONAL_ACCESS_TOKEN", "${env:GH_TOKEN}", "MODE", "it's")),
                "/srv/x", null, Map.of(), null, null, List.of(), List.of(), null, null);
        var cmd = McpHandshake.launcher(s);
        assertEquals(List.of("sh", "-c"), cmd.subList(0, 2));
        assertEquals(List.of("sh", "github-mcp-server", "stdio", "--read-only"), cmd.subList(3, cmd.size()));
        String script = cmd.get(2);
        assertTrue(script.startsWith("command -v \"$1\" >/dev/null 2>&1 || { echo \"$1 is not on PATH\" >&2; exit 127; }; "), script);
        assertTrue(script.contains("cd '/srv/x' || exit 126; "), script);
        assertTrue(script.contains("export GITHUB_PERSONAL_ACCESS_TOKEN=\"${GH_TOKEN}\"; "), script);
        assertTrue(script.contains("export MODE='it'\\''s'; "), script);
        assertTrue(script.endsWith("exec \"$@\""), script);
        assertNull(cmd.stream().filter(a -> a.contains("ghp_")).findFirst().orElse(null));
    }
}
