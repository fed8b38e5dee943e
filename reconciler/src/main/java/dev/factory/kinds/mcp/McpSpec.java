package dev.factory.kinds.mcp;

import dev.factory.config.Declared;
import java.util.Map;

/**
 * The {@code mcp:} section: servers and the clients they are rendered for, and where it was
 * declared (null when it was not), so later checks can point at a client's line.
 */
@dev.factory.engine.KindApi
public record McpSpec(Map<String, McpServer> servers, Map<String, McpClient> clients, Declared declared) {
    public static McpSpec empty() {
        return new McpSpec(Map.of(), Map.of(), null);
    }
}
