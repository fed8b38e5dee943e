package dev.factory.kinds.mcp;

import dev.factory.config.Declared;
import dev.factory.config.Section;
import dev.factory.config.SectionContext;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code mcp:}: the one source of MCP servers, and the clients they are rendered for. */
@dev.factory.engine.KindApi
public final class McpSection implements Section<McpSpec> {
    public static final McpSection SECTION = new McpSection();

    private McpSection() {}

    @Override
    public List<String> keys() {
        return List.of("mcp");
    }

    @Override
    public Set<String> singletons() {
        return Set.of("mcp");
    }

    @Override
    public McpSpec read(Map<String, List<Declared>> declared, SectionContext ctx) {
        return McpRules.read(declared.getOrDefault("mcp", List.of()), ctx.host(), ctx.configDir(), ctx.diagnostics());
    }

    @Override
    public String toString() {
        return "the mcp section";
    }
}
