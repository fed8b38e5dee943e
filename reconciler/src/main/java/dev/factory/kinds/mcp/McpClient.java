package dev.factory.kinds.mcp;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** An agent CLI's MCP configuration file, rendered from the declared servers. */
@dev.factory.engine.KindApi
public record McpClient(String name, Format format, Path path, List<String> servers, Map<String, Object> settings, List<String> trust,
                        String mode) {

    /** @param mode octal permissions as declared, or null for the default (0600 when it names secret variables) */
    public McpClient(String name, Format format, Path path, List<String> servers, Map<String, Object> settings, List<String> trust) {
        this(name, format, path, servers, settings, trust, null);
    }

    public enum Format {
        CODEX_TOML("codex-toml"), CLAUDE_JSON("claude-json"), COPILOT_JSON("copilot-json");

        private final String word;

        Format(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }

        public static Format of(String word) {
            for (Format f : values()) if (f.word.equals(word)) return f;
            throw new IllegalArgumentException("unknown MCP client format " + word);
        }
    }
}
