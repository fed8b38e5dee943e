package dev.factory.cli;

import dev.factory.mcpbridge.McpBridge;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "mcp-bridge", description = {
        "Bridge a stdio MCP client to a Streamable HTTP MCP server: JSON-RPC lines on stdin, answers on stdout.",
        "Requests run concurrently; server messages arrive on the GET stream; a forgotten session is re-initialized.",
        "Retries only what is safe to repeat (never-sent attempts, idempotent methods); every request is answered."})
final class McpBridgeCommand implements Callable<Integer> {
    @ParentCommand
    FactoryCommand root;

    @Parameters(index = "0", paramLabel = "URL", description = "The MCP server, e.g. http://host.docker.internal:3100/mcp.")
    URI url;

    @Option(names = "--header", paramLabel = "K=V", description = "A header; $${VAR} in V is read from the environment.")
    List<String> headers = List.of();

    @Option(names = "--retries", paramLabel = "N", defaultValue = "4", description = "Retries after a failed attempt that is safe to repeat (default: ${DEFAULT-VALUE}).")
    int retries;

    @Option(names = "--timeout", paramLabel = "MS", defaultValue = "30000", description = "Per-attempt timeout in milliseconds (default: ${DEFAULT-VALUE}).")
    long timeoutMillis;

    @Option(names = "--keep-alive", paramLabel = "S", defaultValue = "4", description = "Close a connection idle S seconds (default: ${DEFAULT-VALUE}),"
            + " before the server's own idle timeout closes it (Node's: 5 s) under a request that would be lost.")
    int keepAliveSeconds;

    /** The JDK client's idle timeout for pooled connections (seconds), read once when its first client is made. */
    static final String KEEP_ALIVE_PROPERTY = "jdk.httpclient.keepalive.timeout";

    @Override
    public Integer call() throws Exception {
        if (keepAliveSeconds < 1) {
            root.console().err().println("error: --keep-alive must be at least 1 second");
            return ExitCodes.USAGE;
        }
        // set before this process makes its first HTTP client; an operator's -D of it wins
        if (System.getProperty(KEEP_ALIVE_PROPERTY) == null) System.setProperty(KEEP_ALIVE_PROPERTY, String.valueOf(keepAliveSeconds));
        var err = root.console().err();
        var parsed = new LinkedHashMap<String, String>();
        for (String h : headers) {
            int eq = h.indexOf('=');
            if (eq <= 0) {
                err.println("error: --header wants NAME=VALUE, got '" + h + "'");
                return ExitCodes.USAGE;
            }
            try {
                parsed.put(h.substring(0, eq), McpBridge.expand(h.substring(eq + 1), System.getenv()));
            } catch (IllegalArgumentException e) {
                err.println("error: header " + h.substring(0, eq) + ": " + e.getMessage());
                return ExitCodes.ERROR;
            }
        }
        var bridge = new McpBridge(new McpBridge.Options(url, parsed, retries, Duration.ofMillis(timeoutMillis)), line -> {
            err.println(line);
            err.flush();
        });
        bridge.run(System.in, System.out);
        return ExitCodes.OK;
    }
}
