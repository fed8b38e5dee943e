package dev.factory.kinds.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each format rendered from the same servers, parsed back with a real parser and compared as structure. */
class McpRenderersTest {
    private static final McpServer PKM = new McpServer("pkm-agent", McpServer.Transport.STDIO, "uv",
            List.of("--directory", "/home/agent/Projects/pkm-agent", "run", "pkm-mcp"),
            Map.of("PKM_DB", "/data/pkm.sqlite", "PKM_TOKEN", "${secret:pkm.env#PKM_TOKEN}"), null, null, Map.of(), null, null,
            List.of(), List.of("drop_table"), 30, 120);
    private static final McpServer SENTRY = new McpServer("sentry", McpServer.Transport.HTTP, null, List.of(), Map.of(), null,
            "https://mcp.sentry.dev/mcp", Map.of("Authorization", "Bearer ${secret:sentry.env#SENTRY_AUTH_TOKEN}",
            "X-Org", "aina", "X-Project", "${env:SENTRY_PROJECT}"), null, null, List.of("search_issues"), List.of(), null, null);

    private static McpClient client(McpClient.Format format) {
        return new McpClient("c", format, Path.of("/x"), List.of("pkm-agent", "sentry"), Map.of("approval_policy", "never"),
                List.of("/workspace/aina-academy"));
    }

    @Test
    void codexToml() throws Exception {
        Rendered r = CodexRenderer.render(client(McpClient.Format.CODEX_TOML), List.of(PKM, SENTRY));
        assertEquals(List.of(), r.errors());
        Object parsed = new TomlMapper().readValue(r.content(), Map.class);
        assertEquals(Map.of(
                "approval_policy", "never",
                "mcp_servers", Map.of(
                        "pkm-agent", Map.of("command", "uv", "args", PKM.args(), "env", Map.of("PKM_DB", "/data/pkm.sqlite"),
                                "env_vars", List.of("PKM_TOKEN"), "disabled_tools", List.of("drop_table"),
                                "startup_timeout_sec", 30, "tool_timeout_sec", 120),
                        "sentry", Map.of("url", "https://mcp.sentry.dev/mcp", "bearer_token_env_var", "SENTRY_AUTH_TOKEN",
                                "http_headers", Map.of("X-Org", "aina"), "env_http_headers", Map.of("X-Project", "SENTRY_PROJECT"),
                                "enabled_tools", List.of("search_issues"))),
                "projects", Map.of("/workspace/aina-academy", Map.of("trust_level", "trusted"))), parsed);
    }

    @Test
    void claudeJson() throws Exception {
        Rendered r = JsonRenderer.render(client(McpClient.Format.CLAUDE_JSON), List.of(PKM, SENTRY));
        assertEquals(List.of(), r.errors());
        Object parsed = new ObjectMapper().readValue(r.content(), Map.class);
        assertEquals(Map.of("mcpServers", Map.of(
                "pkm-agent", Map.of("type", "stdio", "command", "uv", "args", PKM.args(),
                        "env", Map.of("PKM_DB", "/data/pkm.sqlite", "PKM_TOKEN", "${PKM_TOKEN}")),
                "sentry", Map.of("type", "http", "url", "https://mcp.sentry.dev/mcp", "headers", Map.of(
                        "Authorization", "Bearer ${SENTRY_AUTH_TOKEN}", "X-Org", "aina", "X-Project", "${SENTRY_PROJECT}")))), parsed);
        assertEquals(2, r.warnings().size(), "tool filters Claude's file cannot hold are reported: " + r.warnings());
    }

    @Test
    void copilotJson() throws Exception {
        Rendered r = JsonRenderer.render(client(McpClient.Format.COPILOT_JSON), List.of(PKM, SENTRY));
        Object parsed = new ObjectMapper().readValue(r.content(), Map.class);
        assertEquals(Map.of("mcpServers", Map.of(
                "pkm-agent", Map.of("type", "local", "command", "uv", "args", PKM.args(),
                        "env", Map.of("PKM_DB", "/data/pkm.sqlite", "PKM_TOKEN", "${PKM_TOKEN}"), "tools", List.of("*")),
                "sentry", Map.of("type", "http", "url", "https://mcp.sentry.dev/mcp", "tools", List.of("search_issues"), "headers", Map.of(
                        "Authorization", "Bearer ${SENTRY_AUTH_TOKEN}", "X-Org", "aina", "X-Project", "${SENTRY_PROJECT}")))), parsed);
        assertTrue(r.warnings().get(0).contains("disabledTools are not rendered"), r.warnings().toString());
    }

    @Test
    void whatAFormatCannotExpressIsAnErrorNotAGuess() {
        var renamed = new McpServer("github", McpServer.Transport.STDIO, "github-mcp-server", List.of("stdio"),
                Map.of("GITHUB_PERSONAL_ACCESS_TOKEN", "${env:GH_TOKEN}"), "/srv", null, Map.of(), null, null, List.of(), List.of(), null, null);
        var codex = CodexRenderer.render(client(McpClient.Format.CODEX_TOML), List.of(renamed));
        assertTrue(codex.errors().get(0).contains("passes secrets only by variable name"), codex.errors().toString());
        var claude = JsonRenderer.render(client(McpClient.Format.CLAUDE_JSON), List.of(renamed));
        assertTrue(claude.errors().get(0).contains("has no cwd"), claude.errors().toString());
    }

    @Test
    void renderedFilesNeverHoldAValueOnlyAVariableName() {
        for (var format : McpClient.Format.values()) {
            Rendered r = format == McpClient.Format.CODEX_TOML ? CodexRenderer.render(client(format), List.of(PKM, SENTRY))
                    : JsonRenderer.render(client(format), List.of(PKM, SENTRY));
            assertTrue(!r.content().contains("${secret:") && !r.content().contains("${env:"), r.content());
        }
    }

    @Test
    void aFileNamingASecretVariableIsPrivate() {
        var client = new McpClient("c", McpClient.Format.CLAUDE_JSON, java.nio.file.Path.of("/x/mcp.json"), List.of(), Map.of(), List.of());
        var plain = new McpServer("p", McpServer.Transport.HTTP, null, List.of(), Map.of(), null, "https://a/mcp", Map.of(), null, null,
                List.of(), List.of(), null, null);
        var bearer = new McpServer("g", McpServer.Transport.HTTP, null, List.of(), Map.of(), null, "https://a/mcp", Map.of(), "GH_TOKEN", null,
                List.of(), List.of(), null, null);
        var header = new McpServer("h", McpServer.Transport.HTTP, null, List.of(), Map.of(), null, "https://a/mcp",
                Map.of("Authorization", "Bearer ${env:T}"), null, null, List.of(), List.of(), null, null);
        var env = new McpServer("e", McpServer.Transport.STDIO, "x", List.of(), Map.of("K", "${secret:a.env#K}"), null, null, Map.of(), null, null,
                List.of(), List.of(), null, null);
        assertEquals("0644", McpModule.mode(client, List.of(plain)));
        assertEquals("0600", McpModule.mode(client, List.of(plain, bearer)), "a bearer token variable carries a secret");
        assertEquals("0600", McpModule.mode(client, List.of(header)));
        assertEquals("0600", McpModule.mode(client, List.of(env)));
        var declared = new McpClient("c", McpClient.Format.CLAUDE_JSON, java.nio.file.Path.of("/x/mcp.json"), List.of(), Map.of(), List.of(), "0640");
        assertEquals("0640", McpModule.mode(declared, List.of(bearer)), "a declared mode wins");
    }
}
