package dev.factory.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.engine.port.ContainerEngine.ExecResult;
import dev.factory.engine.port.MountSpec;
import dev.factory.kinds.container.ProfileSpec;
import dev.factory.kinds.mcp.McpClient;
import dev.factory.kinds.mcp.McpServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AgentChecksTest {
    static McpServer stdio(String name, String command, Map<String, String> env) {
        return new McpServer(name, McpServer.Transport.STDIO, command, List.of("serve", "--mcp"), env, null, null, Map.of(), null, null,
                List.of(), List.of(), null, null);
    }

    static ProfileSpec profile(List<MountSpec> mounts, Map<String, String> env) {
        return new ProfileSpec("agent", "claude-agent", "1000:1000", "host", null, null, null, mounts, env, List.of(), List.of(), List.of(),
                List.of(), false, List.of(), null, null, List.of("claude-agent"), Map.of(), null, List.of());
    }

    /** What `codex mcp list --json` printed for codex-cli 0.169.0, warning line included. */
    private static final String CODEX_LIST = """
            WARNING: proceeding, even though we could not create PATH aliases: Refusing to create helper binaries under temporary dir
            [
              {"name": "cg", "enabled": true, "transport": {"type": "stdio", "command": "codegraph", "args": ["serve", "--mcp"]}},
              {"name": "gh", "enabled": true, "transport": {"type": "streamable_http", "url": "https://api.githubcopilot.com/mcp/"}}
            ]""";

    /** What `claude mcp list` printed for Claude Code 2.1.330 in a scratch project. */
    private static final String CLAUDE_LIST = """
            Checking MCP server health…

            codegraph: codegraph serve --mcp --no-watch - ⏸ Pending approval (run `claude` to approve)
            pkm-agent: uv run x - ⏸ Pending approval (run `claude` to approve)
            linear: https://mcp.linear.app/mcp (HTTP) - ⏸ Pending approval (run `claude` to approve)
            github: https://api.githubcopilot.com/mcp/ (HTTP) - ⏸ Pending approval (run `claude` to approve)

            MCP config diagnostics ⚠

            [Has warnings] Project config (shared via .mcp.json)
            Location: /tmp/tmp.unslk2PVMR/.mcp.json
             └ [Warning] [github] mcpServers.github: Missing environment variables: GH_TOKEN
            """;

    @Test
    void codexListIsReadPastItsWarnings() {
        var listed = AgentChecks.codexList(new ExecResult(0, CODEX_LIST.strip()));
        assertNull(listed.error());
        assertEquals(List.of("cg", "gh"), listed.names());
        assertEquals(List.of(), AgentChecks.codexList(new ExecResult(0, "[]")).names());
    }

    @Test
    void codexFailingToLoadIsAnError() {
        var failed = AgentChecks.codexList(new ExecResult(1, "Error loading config.toml: unknown field\nmore"));
        assertEquals("exit 1: Error loading config.toml: unknown field", failed.error());
        assertTrue(AgentChecks.codexList(new ExecResult(0, "{\"not\": \"a list\"}")).error().startsWith("its list was not JSON"));
        assertTrue(AgentChecks.codexList(new ExecResult(0, "Usage: codex mcp")).error().startsWith("its list was not JSON"));
    }

    @Test
    void claudeListGivesEveryServerAndItsDiagnostics() {
        var listed = AgentChecks.claudeList(new ExecResult(0, CLAUDE_LIST));
        assertNull(listed.error());
        assertEquals(List.of("codegraph", "pkm-agent", "linear", "github"), listed.names(), "Location: and diagnostic lines are not servers");
        assertEquals(Map.of("github", "mcpServers.github: Missing environment variables: GH_TOKEN"), listed.warnings());
        assertEquals("exit 2: boom", AgentChecks.claudeList(new ExecResult(2, "boom")).error());
    }

    @Test
    void aHandshakeReportsTheServerAndItsTools() {
        var s = stdio("codegraph", "codegraph", Map.of());
        var ok = AgentChecks.handshake("agent", s, new McpHandshake.Result(true, "codegraph/1.6.1", "2024-11-05", 1, null, null));
        assertEquals(Check.Status.OK, ok.status());
        assertEquals("answers MCP 2024-11-05 as codegraph/1.6.1: 1 tool", ok.detail());
        assertEquals("mcp codegraph", ok.connection());
        var many = AgentChecks.handshake("agent", s, new McpHandshake.Result(true, "x/1", "p", 21, null, null));
        assertTrue(many.detail().endsWith(": 21 tools"), many.detail());
    }

    @Test
    void aHandshakeThatFailsSaysWhyAndWhatToDo() {
        var s = stdio("pkm-agent", "uv", Map.of());
        var missing = AgentChecks.handshake("agent", s, McpHandshake.Result.failed("uv is not on PATH", "uv is not on PATH\n"));
        assertEquals(Check.Status.DEAF, missing.status());
        assertEquals("uv is not on PATH; install it in the image", missing.detail());
        var silent = AgentChecks.handshake("agent", s, McpHandshake.Result.failed("no answer to initialize within 45 s", "starting\nlistening\n\n"));
        assertEquals("no answer to initialize within 45 s (stderr: listening); run it by hand in the image to see why", silent.detail());
        var quiet = AgentChecks.handshake("agent", s, McpHandshake.Result.failed("the server exited before answering initialize", null));
        assertEquals("the server exited before answering initialize; run it by hand in the image to see why", quiet.detail());
        var loud = AgentChecks.handshake("agent", s, McpHandshake.Result.failed("x", "e".repeat(300)));
        assertTrue(loud.detail().contains("e".repeat(200) + "...)"), "a long stderr is cut: " + loud.detail());
    }

    @Test
    void aClientsFileIsFoundByTheMountWhoseSourceItIs() {
        var client = new McpClient("claude-agent", McpClient.Format.CLAUDE_JSON, Path.of("/home/ali/.factory/claude-agent/mcp.json"),
                List.of(), Map.of(), List.of());
        var mounted = profile(List.of(new MountSpec(MountSpec.Type.BIND, "/home/ali/.claude", "/home/agent/.claude", false),
                new MountSpec(MountSpec.Type.BIND, "/home/ali/.factory/claude-agent/mcp.json", "/etc/factory/mcp.json", true)), Map.of());
        assertEquals(Optional.of("/etc/factory/mcp.json"), AgentChecks.mountedAt(mounted, client));
        var volume = profile(List.of(new MountSpec(MountSpec.Type.VOLUME, "/home/ali/.factory/claude-agent/mcp.json", "/etc/x", true)), Map.of());
        assertEquals(Optional.empty(), AgentChecks.mountedAt(volume, client));
        assertEquals(Optional.empty(), AgentChecks.mountedAt(profile(List.of(), Map.of()), client));
        var inDir = profile(List.of(new MountSpec(MountSpec.Type.BIND, "/home/ali/.factory", "/home/agent/.factory/", true)), Map.of());
        assertEquals(Optional.of("/home/agent/.factory/claude-agent/mcp.json"), AgentChecks.mountedAt(inDir, client), "inside a mounted directory");
        var both = profile(List.of(new MountSpec(MountSpec.Type.BIND, "/home/ali/.factory", "/f", true),
                new MountSpec(MountSpec.Type.BIND, "/home/ali/.factory/claude-agent/mcp.json", "/etc/factory/mcp.json", true)), Map.of());
        assertEquals(Optional.of("/etc/factory/mcp.json"), AgentChecks.mountedAt(both, client), "the file's own mount wins");
        var sibling = profile(List.of(new MountSpec(MountSpec.Type.BIND, "/home/ali/.fact", "/f", true)), Map.of());
        assertEquals(Optional.empty(), AgentChecks.mountedAt(sibling, client), "a name prefix is not a parent");
    }

    @Test
    void eachFormatIsItsOwnCli() {
        assertEquals("codex", AgentChecks.cli(McpClient.Format.CODEX_TOML));
        assertEquals("claude", AgentChecks.cli(McpClient.Format.CLAUDE_JSON));
        assertEquals("copilot", AgentChecks.cli(McpClient.Format.COPILOT_JSON));
    }

    @Test
    void claudeListsInAScratchProjectAndNeverWritesTheMountedConfig() {
        String script = AgentChecks.claudeListScript("/etc/factory/mcp.json");
        assertTrue(script.contains("cp '/etc/factory/mcp.json' \"$d/.mcp.json\""), script);
        assertTrue(script.contains("CLAUDE_CONFIG_DIR=\"$d/config\" claude mcp list"), script);
        assertFalse(script.contains("enableAllProjectMcpServers"), "servers stay unapproved: the CLI starts none of them");
        assertTrue(script.endsWith("rm -rf \"$d\"; exit $rc"), script);
    }
}
