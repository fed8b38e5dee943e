package dev.factory.mcpbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.factory.testing.Cli;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The bridge's decisions: what a message is, what may be sent twice, when a session is gone, how events are read. */
class McpBridgeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static McpBridge.Kind kind(String json) throws Exception {
        return McpBridge.kind(JSON.readTree(json));
    }

    @Test
    void aMessageIsARequestANotificationOrAResponse() throws Exception {
        assertEquals(McpBridge.Kind.REQUEST, kind("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\"}"));
        assertEquals(McpBridge.Kind.REQUEST, kind("{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"ping\"}"));
        assertEquals(McpBridge.Kind.NOTIFICATION, kind("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"));
        assertEquals(McpBridge.Kind.RESPONSE, kind("{\"jsonrpc\":\"2.0\",\"id\":\"srv-1\",\"result\":{\"roots\":[]}}"));
        assertEquals(McpBridge.Kind.RESPONSE, kind("[1,2]"));
    }

    @Test
    void onlyRequestsThatChangeNothingAreSafeToRepeat() throws Exception {
        for (String method : new String[] {"initialize", "ping", "tools/list", "resources/list", "resources/templates/list", "prompts/list",
                "resources/read", "prompts/get", "completion/complete", "logging/setLevel"}) {
            var m = JSON.readTree("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\"}");
            assertTrue(McpBridge.safeToRepeat(m, McpBridge.Kind.REQUEST), method);
        }
        for (String method : new String[] {"tools/call", "sampling/createMessage", "elicitation/create", "custom/listing"}) {
            var m = JSON.readTree("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\"}");
            assertFalse(McpBridge.safeToRepeat(m, McpBridge.Kind.REQUEST), method);
        }
        var note = JSON.readTree("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\"}");
        assertFalse(McpBridge.safeToRepeat(note, McpBridge.Kind.NOTIFICATION), "a notification is never sent twice");
        var list = JSON.readTree("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");
        assertFalse(McpBridge.safeToRepeat(list, McpBridge.Kind.RESPONSE));
    }

    @Test
    void aSessionIsGoneOnA404OrOnTheSdks400AboutTheSession() {
        assertTrue(McpBridge.sessionLost(404, ""));
        assertTrue(McpBridge.sessionLost(404, null));
        assertTrue(McpBridge.sessionLost(400, "{\"error\":{\"message\":\"Bad Request: No valid session ID provided\"}}"));
        assertFalse(McpBridge.sessionLost(400, "{\"error\":{\"message\":\"Bad Request: invalid params\"}}"));
        assertFalse(McpBridge.sessionLost(400, null));
        assertFalse(McpBridge.sessionLost(401, "session"));
        assertFalse(McpBridge.sessionLost(500, "session"));
    }

    @Test
    void eventsAreReadWholeWithTheirIdsAndAnUnfinishedOneIsDropped() throws Exception {
        String stream = ": keep-alive\n\nid: 7\nevent: message\ndata: {\"a\":\n data:1}\n\nid: 8\ndata: {\"b\":2}\n\ndata: {\"cut\"";
        var reader = new SseReader(new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)));
        var first = reader.next();
        assertEquals("7", first.id());
        assertEquals("{\"a\":", first.data().lines().findFirst().orElseThrow());
        var second = reader.next();
        assertEquals("8", second.id());
        assertEquals("{\"b\":2}", second.data());
        assertNull(reader.next(), "the last event never ended: it is not half-read");
    }

    @Test
    void errorsNameTheCauseAndKeepTheId() throws Exception {
        var e = McpBridge.error(JSON.readTree("\"a-1\""), McpBridge.BRIDGE_ERROR, "factory mcp-bridge: gone");
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":\"a-1\",\"error\":{\"code\":-32000,\"message\":\"factory mcp-bridge: gone\"}}", e.toString());
    }

    @Test
    void helpShowsTheVariableSyntaxLiterally() {
        var run = Cli.run("help", "mcp-bridge");
        assertTrue(run.out().contains("${VAR} in V is read from the environment"), run.out());
        assertFalse(run.out().contains("null in V"), run.out());
    }
}
