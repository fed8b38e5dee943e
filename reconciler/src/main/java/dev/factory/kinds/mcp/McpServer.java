package dev.factory.kinds.mcp;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** One MCP server, declared once and rendered for every client that lists it. Values may hold secret references. */
@dev.factory.engine.KindApi
public record McpServer(String name, Transport transport, String command, List<String> args, Map<String, String> env,
                        String cwd, String url, Map<String, String> headers, String bearerTokenEnv, Path tokenCache,
                        List<String> enabledTools, List<String> disabledTools, Integer startupTimeout, Integer toolTimeout) {

    public enum Transport { STDIO, HTTP }

    /** The variable a value names when it is exactly one reference ({@code ${env:GH_TOKEN}} gives GH_TOKEN); null otherwise. */
    public static String variableOf(String value) {
        return References.soleVariable(value);
    }
}
