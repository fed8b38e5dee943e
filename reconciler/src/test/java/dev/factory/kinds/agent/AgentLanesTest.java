package dev.factory.kinds.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.engine.port.MountSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a named agent's lane mounts in place of its profile's, and where its instructions go. */
class AgentLanesTest {
    private static MountSpec bind(String source, String target, boolean ro) {
        return new MountSpec(MountSpec.Type.BIND, source, target, ro);
    }

    private static final MountSpec CLAUDE_DIR = bind("/home/op/.claude", "/home/agent/.claude", false);
    private static final MountSpec CLAUDE_JSON = bind("/home/op/.claude.json", "/home/agent/.claude.json", false);
    private static final MountSpec MCP = bind("/home/op/.factory/mcp.json", "/etc/factory/mcp.json", true);
    private static final MountSpec GH = bind("/home/op/.config/gh", "/home/agent/.config/gh", true);
    private static final Path QA_MD = Path.of("/state/rendered/agent/qa/CLAUDE.md");

    @Test
    void anAgentsConfigDirTakesThePlaceOfTheSharedOneAndItsStateFile() {
        var qa = new AgentSpec("qa", AgentCli.CLAUDE, "agent", Path.of("/home/op/.factory/agents/qa"), null, null);
        var overlay = AgentLanes.overlay(qa, List.of(CLAUDE_DIR, CLAUDE_JSON, MCP, GH), QA_MD);
        assertEquals(List.of(MCP, GH, bind("/home/op/.factory/agents/qa", "/home/agent/.claude", false),
                bind(QA_MD.toString(), "/home/agent/.claude/CLAUDE.md", true)), overlay.mounts());
        assertEquals(Map.of("CLAUDE_CONFIG_DIR", "/home/agent/.claude"), overlay.env());
        assertTrue(overlay.instructionsMounted());
    }

    @Test
    void readOnlyFilesInsideTheConfigHomeStayOnTopOfTheAgentsDir() {
        var auth = bind("/home/op/.codex/auth.json", "/home/agent/.codex/auth.json", false);
        var toml = bind("/home/op/.factory/codex-lane/config.toml", "/home/agent/.codex/config.toml", true);
        var shared = bind("/srv/shared-codex", "/home/agent/.codex", true);
        var agent = new AgentSpec("fixer", AgentCli.CODEX, "lane", Path.of("/home/op/agents/fixer"), null, null);
        var overlay = AgentLanes.overlay(agent, List.of(auth, toml, shared), null);
        assertEquals(List.of(toml, bind("/home/op/agents/fixer", "/home/agent/.codex", false)), overlay.mounts(),
                "the rw auth.json and the mount at the home itself give way; the ro rendered config stays");
        assertEquals(Map.of("CODEX_HOME", "/home/agent/.codex"), overlay.env());
        assertFalse(overlay.instructionsMounted());
    }

    @Test
    void withoutAConfigDirTheProfilesMountsStayAndTheSlotIsSkippedInsideAHostDir() {
        var claude = new AgentSpec("claude", AgentCli.CLAUDE, "agent", null, null, null);
        var overlay = AgentLanes.overlay(claude, List.of(CLAUDE_DIR, CLAUDE_JSON, MCP), Path.of("/state/rendered/agents/app/AGENTS.md"));
        assertEquals(List.of(CLAUDE_DIR, CLAUDE_JSON, MCP), overlay.mounts(), "nothing is created in the operator's ~/.claude");
        assertEquals(Map.of(), overlay.env());
        assertFalse(overlay.instructionsMounted());
    }

    @Test
    void theCodexSlotInTheImagesOwnHomeIsMounted() {
        var codex = new AgentSpec("codex", AgentCli.CODEX, "lane", null, null, null);
        var auth = bind("/home/op/.codex/auth.json", "/home/agent/.codex/auth.json", false);
        var md = Path.of("/state/rendered/agents/app/AGENTS.md");
        var overlay = AgentLanes.overlay(codex, List.of(auth), md);
        assertEquals(List.of(auth, bind(md.toString(), "/home/agent/.codex/AGENTS.md", true)), overlay.mounts());
        assertTrue(overlay.instructionsMounted());
    }

    @Test
    void aMountBesideTheConfigHomeIsNotInsideIt() {
        var agent = new AgentSpec("a", AgentCli.CLAUDE, "agent", null, null, null);
        var beside = bind("/home/op/.claude-other", "/home/agent/.claude-other", false);
        assertTrue(AgentLanes.sharedHostDirAt(agent, List.of(beside), "/home/agent/.claude-other2/x").isEmpty());
        assertTrue(AgentLanes.sharedHostDirAt(agent, List.of(beside), "/home/agent/.claude-other/x").isPresent());
        assertFalse(AgentCli.CLAUDE.holdsConfig("/home/agent/.claudex"));
        assertTrue(AgentCli.CLAUDE.holdsConfig("/home/agent/.claude/settings.json"));
        assertTrue(AgentCli.CLAUDE.holdsConfig("/home/agent/.claude.json"));
        assertFalse(AgentCli.CODEX.holdsConfig("/home/agent/.claude"));
    }

    @Test
    void theClisSlotsAndNames() {
        assertEquals("/home/agent/.codex/AGENTS.md", AgentCli.CODEX.instructionsSlot());
        assertEquals("/home/agent/.claude/CLAUDE.md", AgentCli.CLAUDE.instructionsSlot());
        assertEquals(AgentCli.CLAUDE, AgentCli.of("claude"));
        assertEquals(AgentCli.CODEX, AgentCli.of("codex"));
    }
}
