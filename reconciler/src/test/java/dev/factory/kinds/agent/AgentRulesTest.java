package dev.factory.kinds.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.config.ConfigLoader;
import dev.factory.config.Diagnostic;
import dev.factory.engine.RenderedFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code agents:} as the loader reads and checks it. */
class AgentRulesTest {
    @TempDir
    Path tmp;

    private static final String PROFILES = """
            host: {name: h, home: /home/op}
            profiles:
              lane: {image: busybox:latest}
              agent:
                image: busybox:latest
                mounts:
                  - {source: ~/.claude, target: /home/agent/.claude, mode: rw}
                  - {source: ~/.claude.json, target: /home/agent/.claude.json, mode: rw}
            """;

    private ConfigLoader.Result load(String agents) throws IOException {
        Files.writeString(tmp.resolve("qa.md"), "You are QA.\n");
        Files.writeString(tmp.resolve("f.yaml"), PROFILES + agents);
        return dev.factory.app.Registry.configLoader().load(tmp);
    }

    private static List<String> errors(ConfigLoader.Result r) {
        return r.diagnostics().stream().filter(d -> d.severity() == Diagnostic.Severity.ERROR).map(Diagnostic::summary).toList();
    }

    @Test
    void withoutAgentsTheLanesKnowCodexAndClaude() throws IOException {
        var r = load("");
        assertTrue(r.ok(), r.diagnostics().toString());
        var agents = r.desired().get(AgentSection.SECTION);
        assertEquals(List.of("claude", "codex"), List.copyOf(agents.keySet()));
        assertEquals(new AgentSpec("codex", AgentCli.CODEX, "lane", null, null, null), agents.get("codex"));
        assertEquals(new AgentSpec("claude", AgentCli.CLAUDE, "agent", null, null, null), agents.get("claude"));
    }

    @Test
    void declaredAgentsReplaceTheDefaults() throws IOException {
        var r = load("""
                agents:
                  qa: {cli: claude, profile: agent, configDir: ~/.factory/agents/qa, instructions: qa.md}
                """);
        assertTrue(r.ok(), r.diagnostics().toString());
        var agents = r.desired().get(AgentSection.SECTION);
        assertEquals(List.of("qa"), List.copyOf(agents.keySet()));
        var qa = agents.get("qa");
        assertEquals(AgentCli.CLAUDE, qa.cli());
        assertEquals("agent", qa.profile());
        assertEquals(Path.of("/home/op/.factory/agents/qa"), qa.configDir());
        assertEquals(tmp.resolve("qa.md"), qa.instructions());
        assertEquals(10, qa.at().line());
    }

    @Test
    void anUndeclaredProfileIsNamedWithTheClosest() throws IOException {
        var r = load("agents:\n  qa: {cli: claude, profile: agnet}\n");
        assertEquals(List.of("agent qa: profile 'agnet' is not declared in profiles; did you mean 'agent'?"), errors(r));
    }

    @Test
    void twoAgentsMayNotShareAConfigDir() throws IOException {
        var r = load("agents:\n  a: {cli: claude, profile: agent, configDir: ~/x}\n  b: {cli: codex, profile: lane, configDir: /home/op/x}\n");
        assertEquals(List.of("agents a and b share the configDir /home/op/x; each agent needs its own (it holds the agent's auth)"), errors(r));
    }

    @Test
    void instructionsMustBeAFileOfTheConfigDirectory() throws IOException {
        var r = load("agents:\n  a: {cli: codex, profile: lane, instructions: missing.md}\n");
        assertEquals(List.of("agent a: instructions " + tmp.resolve("missing.md") + " does not exist in the config directory"), errors(r));
        var outside = load("agents:\n  a: {cli: codex, profile: lane, instructions: ../elsewhere.md}\n");
        assertEquals(1, errors(outside).size(), outside.diagnostics().toString());
        assertTrue(errors(outside).get(0).startsWith("agent a: instructions "), errors(outside).toString());
    }

    @Test
    void instructionsThatWouldLandInASharedHostDirectoryAreRefused() throws IOException {
        var r = load("agents:\n  qa: {cli: claude, profile: agent, instructions: qa.md}\n");
        assertEquals(List.of("agent qa: its instructions would be mounted at /home/agent/.claude/CLAUDE.md, inside profile agent's mount of "
                + "/home/op/.claude, which would create the file there on the host; give the agent a configDir of its own"), errors(r));
        assertTrue(load("agents:\n  qa: {cli: codex, profile: agent, instructions: qa.md}\n").ok(), "codex's slot is not inside ~/.claude");
    }

    @Test
    void aConfigDirMustBeAbsoluteOrInTheHome() throws IOException {
        var r = load("agents:\n  qa: {cli: claude, profile: agent, configDir: qa-config}\n");
        assertFalse(r.ok());
        assertTrue(r.diagnostics().toString().contains("configDir"), r.diagnostics().toString());
    }

    @Test
    void anAgentNameMustSuitABranch() throws IOException {
        assertFalse(load("agents:\n  QA: {cli: claude, profile: agent}\n").ok());
        assertTrue(load("agents:\n  tu_ui: {cli: claude, profile: lane}\n").ok());
    }

    @Test
    void instructionsAreRenderedAloneAndJoinedWithEachRepoAgentsMd() throws IOException {
        Files.writeString(tmp.resolve("repo.md"), "Project rules.\n");
        var r = load("""
                agents:
                  qa: {cli: codex, profile: lane, instructions: qa.md}
                  plain: {cli: codex, profile: lane}
                repos:
                  app: {url: https://example.com/app.git, path: /srv/app, agentsMd: repo.md}
                  lib: {url: https://example.com/lib.git, path: /srv/lib}
                """);
        assertTrue(r.ok(), r.diagnostics().toString());
        var state = new dev.factory.state.StateDir(tmp.resolve("state"));
        var ctx = new dev.factory.engine.KindContext(null, null, null, state, x -> { }, false, d -> List.of(), false);
        var files = new AgentModule().renderedFiles(r.desired(), ctx);
        assertEquals(List.of("file/agent/qa", "file/agent/qa/app"), files.stream().map(f -> f.address().toString()).toList());
        var qa = r.desired().get(AgentSection.SECTION).get("qa");
        assertEquals(AgentModule.instructionsPath(state, qa, null), files.get(0).path());
        assertEquals(state.root().resolve("rendered/agent/qa/repos/app/AGENTS.md"), files.get(1).path());
        assertEquals("You are QA.\n\nProject rules.\n", content(files.get(1)));
        assertEquals("You are QA.\n", content(files.get(0)));
    }

    @Test
    void joiningPutsOneBlankLineBetween() {
        assertEquals("a\n\nb", AgentModule.joined("a\n", "b"));
        assertEquals("a\n\nb", AgentModule.joined("a", "b"));
    }

    private static String content(RenderedFile f) {
        return f.content();
    }

    @Test
    void aConfigDirMayNotHoldTheHomeTheConfigOrTheState() throws IOException {
        var home = load("agents:\n  qa: {cli: claude, profile: agent, configDir: ~/}\n");
        assertEquals(List.of("agent qa: configDir /home/op holds the operator's home (/home/op); the agent writes its config dir, so give it a"
                + " directory of its own, e.g. ~/.factory/agents/qa"), errors(home));
        var root = load("agents:\n  qa: {cli: claude, profile: agent, configDir: /}\n");
        assertEquals(1, errors(root).size(), root.diagnostics().toString());
        assertTrue(errors(root).get(0).startsWith("agent qa: configDir / holds the operator's home"), errors(root).toString());
        var config = load("agents:\n  qa: {cli: claude, profile: agent, configDir: " + tmp + "}\n");
        assertEquals(List.of("agent qa: configDir " + tmp + " holds the config directory (" + tmp + "); the agent writes its config dir, so give"
                + " it a directory of its own, e.g. ~/.factory/agents/qa"), errors(config));
        Files.writeString(tmp.resolve("f.yaml"), PROFILES.replace("host: {name: h, home: /home/op}", "host: {name: h, home: /home/op, stateDir: /var/lib/factory}")
                + "agents:\n  qa: {cli: claude, profile: agent, configDir: /var/lib}\n");
        var state = dev.factory.app.Registry.configLoader().load(tmp);
        assertEquals(List.of("agent qa: configDir /var/lib holds factory's state directory (/var/lib/factory); the agent writes its config dir,"
                + " so give it a directory of its own, e.g. ~/.factory/agents/qa"), errors(state));
        assertTrue(load("agents:\n  qa: {cli: claude, profile: agent, configDir: /home/op/.factory/agents/qa}\n").ok(), "below the home is fine");
    }
}
