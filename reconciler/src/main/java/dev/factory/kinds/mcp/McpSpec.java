package dev.factory.kinds.mcp;

import java.util.Map;

/** The {@code mcp:} section: servers and the clients they are rendered for. */
public record McpSpec(Map<String, McpServer> servers, Map<String, McpClient> clients) {
    public static McpSpec empty() {
        return new McpSpec(Map.of(), Map.of());
    }
}
