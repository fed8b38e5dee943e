package dev.factory.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.factory.engine.port.ContainerEngine.Conversation;
import dev.factory.kinds.mcp.McpServer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An MCP client's opening over stdio, spoken by doctor itself through the container's exec:
 * {@code initialize}, {@code notifications/initialized}, then {@code tools/list} (following
 * {@code nextCursor}). Needs nothing in the image but the server and a shell.
 */
final class McpHandshake {
    static final String PROTOCOL = "2025-06-18";
    /** How the launcher's stderr line (and so the failure) ends when the server's command is not on PATH. */
    static final String NOT_ON_PATH = "is not on PATH";
    private static final int MAX_PAGES = 50;
    private static final ObjectMapper JSON = new ObjectMapper();

    record Result(boolean ok, String server, String protocol, int tools, String error, String stderr) {
        static Result failed(String error, String stderr) {
            return new Result(false, null, null, 0, error, stderr);
        }
    }

    private McpHandshake() {}

    /**
     * The command that starts {@code s} in the container: a shell that says so when the command is
     * not on PATH, sets each env var that names a container variable from it (so no value passes
     * through doctor), and execs the server with its args.
     */
    static List<String> launcher(McpServer s) {
        var script = new StringBuilder("command -v \"$1\" >/dev/null 2>&1 || { echo \"$1 " + NOT_ON_PATH + "\" >&2; exit 127; }; ");
        if (s.cwd() != null) script.append("cd ").append(Doctor.quote(s.cwd())).append(" || exit 126; ");
        s.env().forEach((k, v) -> {
            if (!k.matches("[A-Za-z_][A-Za-z0-9_]*")) return;
            String variable = McpServer.variableOf(v);
            script.append("export ").append(k).append('=').append(variable != null ? "\"${" + variable + "}\"" : Doctor.quote(v)).append("; ");
        });
        script.append("exec \"$@\"");
        var command = new ArrayList<>(List.of("sh", "-c", script.toString(), "sh", s.command()));
        command.addAll(s.args());
        return command;
    }

    static Result run(Conversation c, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            c.send(request(1, "initialize", JSON.createObjectNode().put("protocolVersion", PROTOCOL)
                    .<ObjectNode>set("capabilities", JSON.createObjectNode())
                    .set("clientInfo", JSON.createObjectNode().put("name", "factory-doctor").put("version", "1"))));
            JsonNode init = answer(c, 1, deadline, timeout.toSeconds(), "initialize");
            if (init.has("failed")) return Result.failed(init.get("failed").asText(), c.stderrTail());
            JsonNode info = init.path("result");
            c.send(JSON.createObjectNode().put("jsonrpc", "2.0").put("method", "notifications/initialized").toString());
            int tools = 0;
            String cursor = null;
            for (int page = 0; page < MAX_PAGES; page++) {
                int id = 2 + page;
                ObjectNode params = JSON.createObjectNode();
                if (cursor != null) params.put("cursor", cursor);
                c.send(request(id, "tools/list", params));
                JsonNode list = answer(c, id, deadline, timeout.toSeconds(), "tools/list");
                if (list.has("failed")) return Result.failed(list.get("failed").asText(), c.stderrTail());
                tools += list.path("result").path("tools").size();
                cursor = list.path("result").path("nextCursor").asText(null);
                if (cursor == null || cursor.isEmpty()) break;
            }
            JsonNode server = info.path("serverInfo");
            return new Result(true, server.path("name").asText("?") + "/" + server.path("version").asText("?"),
                    info.path("protocolVersion").asText("?"), tools, null, null);
        } catch (IOException e) {
            return Result.failed(notOnPath(c).orElse("the server closed its stdin (" + e.getMessage() + ")"), c.stderrTail());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Result.failed("interrupted", c.stderrTail());
        }
    }

    /** The response to request {@code id}; server requests in between get a polite error, log lines are skipped. */
    private static JsonNode answer(Conversation c, int id, long deadline, long seconds, String what) throws IOException, InterruptedException {
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return failure("no answer to " + what + " within " + seconds + " s");
            String line = c.nextLine(Duration.ofNanos(left));
            if (line == null) {
                if (!c.ended()) continue;
                return failure(notOnPath(c).orElse("the server exited before answering " + what));
            }
            JsonNode msg;
            try {
                msg = JSON.readTree(line);
            } catch (IOException e) {
                continue;   // a stray log line on stdout
            }
            if (msg == null || !msg.isObject()) continue;
            if (msg.has("method") && msg.has("id")) {
                c.send(JSON.createObjectNode().put("jsonrpc", "2.0").<ObjectNode>set("id", msg.get("id"))
                        .set("error", JSON.createObjectNode().put("code", -32601).put("message", "factory doctor answers no requests")).toString());
                continue;
            }
            if (msg.path("id").asInt(-1) != id) continue;
            if (msg.has("error")) return failure(what + " failed: " + msg.path("error").path("message").asText());
            return msg;
        }
    }

    private static java.util.Optional<String> notOnPath(Conversation c) {
        return c.stderrTail().lines().filter(l -> l.endsWith(NOT_ON_PATH)).findFirst();
    }

    private static JsonNode failure(String why) {
        return JSON.createObjectNode().put("failed", why);
    }

    private static String request(int id, String method, JsonNode params) {
        return JSON.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", method).<ObjectNode>set("params", params).toString();
    }
}
