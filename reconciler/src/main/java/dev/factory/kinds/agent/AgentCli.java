package dev.factory.kinds.agent;

import java.util.List;

/**
 * The agent CLIs a lane can run, and where each keeps its config and reads its instructions inside
 * the images (user {@code agent}, home {@code /home/agent}).
 */
public enum AgentCli {
    /** Codex: CODEX_HOME holds auth.json, config.toml and the global AGENTS.md. */
    CODEX("/home/agent/.codex", "CODEX_HOME", "AGENTS.md", List.of("/home/agent/.codex")),
    /** Claude Code: CLAUDE_CONFIG_DIR holds credentials, settings, .claude.json and the user's CLAUDE.md. */
    CLAUDE("/home/agent/.claude", "CLAUDE_CONFIG_DIR", "CLAUDE.md", List.of("/home/agent/.claude", "/home/agent/.claude.json"));

    private final String configHome;
    private final String configEnv;
    private final String instructionsFile;
    private final List<String> configTargets;

    AgentCli(String configHome, String configEnv, String instructionsFile, List<String> configTargets) {
        this.configHome = configHome;
        this.configEnv = configEnv;
        this.instructionsFile = instructionsFile;
        this.configTargets = configTargets;
    }

    /** The directory the CLI keeps its auth and settings in: an agent's configDir is mounted here. */
    public String configHome() {
        return configHome;
    }

    /** The variable that tells the CLI where its config is. */
    public String configEnv() {
        return configEnv;
    }

    /** The instruction file the CLI reads for every project, in its config home. */
    public String instructionsSlot() {
        return configHome + "/" + instructionsFile;
    }

    /** The file name of that slot: AGENTS.md or CLAUDE.md. */
    public String instructionsFile() {
        return instructionsFile;
    }

    /** Whether a mount at {@code target} holds this CLI's own config (its home, inside it, or its state file beside it). */
    public boolean holdsConfig(String target) {
        return configTargets.stream().anyMatch(t -> target.equals(t) || target.startsWith(t + "/"));
    }

    public static AgentCli of(String name) {
        return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }
}
