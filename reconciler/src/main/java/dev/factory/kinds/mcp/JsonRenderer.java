package dev.factory.kinds.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Claude Code's {@code .mcp.json} and Copilot CLI's {@code mcp-config.json}: {@code mcpServers}
 * with an explicit type, written with a JSON library. Both CLIs expand {@code ${VAR}} in env and
 * headers, so secret references become {@code ${VAR}}.
 */
public final class JsonRenderer {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonRenderer() {}

    public static Rendered render(McpClient client, List<McpServer> servers) {
        boolean copilot = client.format() == McpClient.Format.COPILOT_JSON;
        var warnings = new ArrayList<String>();
        var errors = new ArrayList<String>();
        var tables = new TreeMap<String, Object>();
        for (McpServer s : servers) {
            var t = new LinkedHashMap<String, Object>();
            if (s.transport() == McpServer.Transport.STDIO) {
                t.put("type", copilot ? "local" : "stdio");
                t.put("command", s.command());
                t.put("args", s.args());
                var env = new TreeMap<String, String>();
                s.env().forEach((k, v) -> env.put(k, References.dollarBraces(v)));
                t.put("env", env);
                if (s.cwd() != null) {
                    if (copilot) t.put("cwd", s.cwd());
                    else errors.add("server " + s.name() + ": Claude Code's .mcp.json has no cwd; pass the directory in args (e.g. uv --directory DIR)");
                }
            } else {
                t.put("type", "http");
                t.put("url", s.url());
                var headers = new TreeMap<String, String>();
                s.headers().forEach((k, v) -> headers.put(k, References.dollarBraces(v)));
                if (s.bearerTokenEnv() != null) headers.put("Authorization", "Bearer ${" + s.bearerTokenEnv() + "}");
                if (!headers.isEmpty()) t.put("headers", headers);
            }
            if (copilot) {
                t.put("tools", s.enabledTools().isEmpty() ? List.of("*") : s.enabledTools());
                if (!s.disabledTools().isEmpty()) {
                    warnings.add("server " + s.name() + ": Copilot's config has no deny list; disabledTools are not rendered (list enabledTools instead)");
                }
            } else if (!s.enabledTools().isEmpty() || !s.disabledTools().isEmpty()) {
                warnings.add("server " + s.name() + ": Claude Code's .mcp.json cannot filter tools; deny them in Claude's permissions "
                        + "(mcp__" + s.name() + "__TOOL)");
            }
            tables.put(s.name(), t);
        }
        Map<String, Object> doc = Map.of("mcpServers", tables);
        try {
            return new Rendered(JSON.writeValueAsString(doc) + "\n", errors, warnings);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
