package dev.factory.kinds.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Codex {@code config.toml}: a whole minimal CODEX_HOME config (settings, MCP servers, trusted
 * projects), written with a TOML library. Codex does not expand {@code ${VAR}}, so secrets travel
 * by variable name: {@code env_vars}, {@code bearer_token_env_var}, {@code env_http_headers}.
 * Each server table is written whole; nothing is merged into an existing file.
 */
public final class CodexRenderer {
    private static final TomlMapper TOML = new TomlMapper();

    private CodexRenderer() {}

    public static Rendered render(McpClient client, List<McpServer> servers) {
        var errors = new ArrayList<String>();
        var doc = new LinkedHashMap<String, Object>(new TreeMap<>(client.settings()));
        var tables = new TreeMap<String, Object>();
        for (McpServer s : servers) tables.put(s.name(), table(s, errors));
        if (!tables.isEmpty()) doc.put("mcp_servers", tables);
        if (!client.trust().isEmpty()) {
            var projects = new TreeMap<String, Object>();
            client.trust().forEach(p -> projects.put(p, Map.of("trust_level", "trusted")));
            doc.put("projects", projects);
        }
        try {
            String header = "# Rendered by factory from mcp.clients." + client.name() + "; edits are replaced on the next apply.\n";
            return new Rendered(header + TOML.writeValueAsString(doc), errors, List.of());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> table(McpServer s, List<String> errors) {
        var t = new LinkedHashMap<String, Object>();
        if (s.transport() == McpServer.Transport.STDIO) {
            t.put("command", s.command());
            if (!s.args().isEmpty()) t.put("args", s.args());
            if (s.cwd() != null) t.put("cwd", s.cwd());
            var env = new TreeMap<String, String>();
            var passThrough = new ArrayList<String>();
            s.env().forEach((k, v) -> {
                String var = References.soleVariable(v);
                if (var == null && !References.hasReference(v)) env.put(k, v);
                else if (var != null && var.equals(k)) passThrough.add(k);
                else errors.add("server " + s.name() + ": env " + k + " = " + v + " cannot be written for Codex, which passes "
                            + "secrets only by variable name: name the variable " + k + " in its env file and write ${secret:FILE#" + k + "}");
            });
            if (!env.isEmpty()) t.put("env", env);
            if (!passThrough.isEmpty()) t.put("env_vars", passThrough);
        } else {
            t.put("url", s.url());
            String bearer = s.bearerTokenEnv();
            var literal = new TreeMap<String, String>();
            var fromEnv = new TreeMap<String, String>();
            for (var h : s.headers().entrySet()) {
                String v = h.getValue();
                String var = References.soleVariable(v);
                String bearerVar = v.startsWith("Bearer ") ? References.soleVariable(v.substring(7)) : null;
                if (!References.hasReference(v)) literal.put(h.getKey(), v);
                else if (h.getKey().equalsIgnoreCase("Authorization") && bearerVar != null && bearer == null) bearer = bearerVar;
                else if (var != null) fromEnv.put(h.getKey(), var);
                else errors.add("server " + s.name() + ": header " + h.getKey() + " mixes text and a secret, which Codex cannot expand; "
                            + "use bearerTokenEnv, or put the whole header value in one variable");
            }
            if (bearer != null) t.put("bearer_token_env_var", bearer);
            if (!literal.isEmpty()) t.put("http_headers", literal);
            if (!fromEnv.isEmpty()) t.put("env_http_headers", fromEnv);
        }
        if (!s.enabledTools().isEmpty()) t.put("enabled_tools", s.enabledTools());
        if (!s.disabledTools().isEmpty()) t.put("disabled_tools", s.disabledTools());
        if (s.startupTimeout() != null) t.put("startup_timeout_sec", s.startupTimeout());
        if (s.toolTimeout() != null) t.put("tool_timeout_sec", s.toolTimeout());
        return t;
    }
}
