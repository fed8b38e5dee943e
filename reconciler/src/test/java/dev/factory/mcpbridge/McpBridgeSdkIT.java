package dev.factory.mcpbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.factory.testing.Jar;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code factory mcp-bridge} driven by the official MCP TypeScript SDK client (over stdio, as an
 * agent CLI would) against the reference server {@code @modelcontextprotocol/server-everything}
 * in Streamable HTTP mode on 127.0.0.1, both from the npm registry (installed once into
 * ~/.cache/factory-tests/mcp-sdk). Every scenario has a deadline: it fails, never hangs.
 */
class McpBridgeSdkIT {
    static final String SDK = "@modelcontextprotocol/sdk@1.32.2";
    static final String SERVER = "@modelcontextprotocol/server-everything@2026.8.31";
    /** The bridges on npm the same scenarios were run against, for docs/mcp.md: -Dmcp.bridge=mcp-remote or supergateway. */
    static final List<String> OTHERS = List.of("mcp-remote@0.15.1", "supergateway@4.0.0");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path dir;

    private Process server;
    private int port;

    @BeforeAll
    static void install() throws Exception {
        dir = Path.of(System.getenv("HOME"), ".cache/factory-tests/mcp-sdk");
        Files.createDirectories(dir);
        for (String f : List.of("client.mjs", "loopback.cjs", "counter-server.mjs")) {
            Files.copy(Path.of("src/test/resources/mcp-sdk", f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        Path marker = dir.resolve("installed-" + (SDK + SERVER + OTHERS).replaceAll("[^A-Za-z0-9.@-]", "_"));
        if (Files.exists(marker)) return;
        var packages = new java.util.ArrayList<>(List.of("npm", "install", "--no-fund", "--no-audit", "--prefix", dir.toString(), SDK, SERVER));
        packages.addAll(OTHERS);
        var npm = new ProcessBuilder(packages)
                .redirectErrorStream(true).start();
        String out = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(npm.waitFor(5, TimeUnit.MINUTES) && npm.exitValue() == 0, "npm install of the SDK and server-everything:\n" + out);
        Files.writeString(marker, "");
    }

    @BeforeEach
    void startServer() throws Exception {
        try (var probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        server = startEverything(port);
    }

    static Process startEverything(int port) throws Exception {
        var pb = new ProcessBuilder("node", "--require", dir.resolve("loopback.cjs").toString(),
                dir.resolve("node_modules/@modelcontextprotocol/server-everything/dist/index.js").toString(), "streamableHttp")
                .redirectErrorStream(true);
        pb.environment().put("PORT", String.valueOf(port));
        Process p = pb.start();
        var reader = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        var ready = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (line.contains("listening on port")) return true;
                }
            } catch (IOException e) {
                return false;
            }
            return false;
        });
        assertTrue(ready.get(30, TimeUnit.SECONDS), "server-everything started on 127.0.0.1:" + port);
        CompletableFuture.runAsync(() -> {
            try {
                reader.transferTo(java.io.Writer.nullWriter());
            } catch (IOException e) {
                // it stopped
            }
        });
        return p;
    }

    @AfterEach
    void stopServer() {
        if (server != null) server.destroyForcibly();
    }

    private String bridgeJson() throws IOException {
        return bridgeJson("http://127.0.0.1:" + port + "/mcp");
    }

    private static String bridgeJson(String url) throws IOException {
        List<String> cmd = switch (System.getProperty("mcp.bridge", "factory")) {
            case "mcp-remote" -> List.of("node", dir.resolve("node_modules/.bin/mcp-remote").toString(), url, "--allow-http", "--transport", "http-only");
            case "supergateway" -> List.of("node", dir.resolve("node_modules/.bin/supergateway").toString(), "--streamableHttp", url,
                    "--outputTransport", "stdio");
            default -> Jar.command("mcp-bridge", url);
        };
        return JSON.writeValueAsString(Map.of("command", cmd.get(0), "args", cmd.subList(1, cmd.size())));
    }

    private Process client(String scenario) throws IOException {
        return client(scenario, bridgeJson());
    }

    private static Process client(String scenario, String bridge) throws IOException {
        return new ProcessBuilder("node", dir.resolve("client.mjs").toString(), scenario, bridge)
                .directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private JsonNode scenario(String name, int deadlineSeconds) throws Exception {
        return scenario(name, bridgeJson(), deadlineSeconds);
    }

    private static JsonNode scenario(String name, String bridge, int deadlineSeconds) throws Exception {
        Process p = client(name, bridge);
        var out = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
        if (!p.waitFor(deadlineSeconds, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError(name + " did not finish within " + deadlineSeconds + " s");
        }
        String text = out.get(5, TimeUnit.SECONDS).strip();
        JsonNode result = JSON.readTree(text.substring(text.lastIndexOf('\n') + 1));
        assertFalse(result.has("error"), name + ": " + result);
        return result;
    }

    @Test
    void twoHundredSequentialCallsAllSucceed() throws Exception {
        JsonNode r = scenario("sequential", 120);
        assertEquals(200, r.get("ok").asInt(), r.toString());
        assertEquals(0, r.get("failed").asInt(), r.toString());
    }

    @Test
    void aFastCallIsNotDelayedByASlowOne() throws Exception {
        JsonNode r = scenario("concurrent", 60);
        assertEquals(9, r.get("fastOk").asInt(), r.toString());
        assertTrue(r.get("fastMs").asLong() < 500, "nine echoes answered while a 4 s call ran: " + r);
        assertTrue(r.get("slowMs").asLong() >= 4_000, "the slow call ran its course: " + r);
    }

    @Test
    void rootsAndSamplingRequestsFromTheServerRoundTripDuringACall() throws Exception {
        JsonNode r = scenario("server-requests", 60);
        assertTrue(r.get("roots").asBoolean(), "roots/list answered by the client: " + r);
        assertTrue(r.get("sampling").asBoolean(), "sampling/createMessage answered by the client: " + r);
        assertEquals(3, r.at("/after/ok").asInt(), "and the session goes on: " + r);
    }

    @Test
    void loggingNotificationsArriveOnTheServersStream() throws Exception {
        JsonNode r = scenario("logging", 60);
        assertTrue(r.get("logs").asInt() >= 1, "at least one logging notification in 6 s: " + r);
    }

    @Test
    void theServerRestartingMidSessionCostsNoCall() throws Exception {
        Process p = client("restart");
        try {
            var out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            var phase = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (IOException e) {
                    return null;
                }
            }).get(60, TimeUnit.SECONDS);
            assertEquals("{\"phase\":\"restart-now\"}", phase);
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            server = startEverything(port);
            try (var in = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8)) {
                in.write("go\n");
            }
            String last = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (IOException e) {
                    return null;
                }
            }).get(90, TimeUnit.SECONDS);
            JsonNode r = JSON.readTree(last);
            assertEquals(5, r.at("/before/ok").asInt(), r.toString());
            assertEquals(20, r.at("/after/ok").asInt(), "20 calls after the restart all succeed: " + r);
            assertEquals(0, r.at("/after/failed").asInt(), r.toString());
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    @Test
    void aToolWithASideEffectRunsOnceUnder504sAndCutAnswersAndEveryCallIsAnswered() throws Exception {
        int counterPort;
        try (var probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            counterPort = probe.getLocalPort();
        }
        var pb = new ProcessBuilder("node", dir.resolve("counter-server.mjs").toString()).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("PORT", String.valueOf(counterPort));
        Process counter = pb.start();
        var increments = new java.util.concurrent.atomic.AtomicInteger();
        com.sun.net.httpserver.HttpServer proxy = null;
        try {
            var reader = new BufferedReader(new InputStreamReader(counter.getInputStream(), StandardCharsets.UTF_8));
            assertTrue(CompletableFuture.supplyAsync(() -> {
                try {
                    return reader.readLine();
                } catch (IOException e) {
                    return "";
                }
            }).get(30, TimeUnit.SECONDS).contains("listening"));
            // of every three increments: one answered, one lost to a 504, one cut in half; the server ran all three
            proxy = dev.factory.testing.FaultyMcpProxy.http(java.net.URI.create("http://127.0.0.1:" + counterPort + "/mcp"), body -> {
                if (!body.contains("\"name\":\"increment\"")) return dev.factory.testing.FaultyMcpProxy.Fault.NONE;
                return switch (increments.incrementAndGet() % 3) {
                    case 1 -> dev.factory.testing.FaultyMcpProxy.Fault.GATEWAY_TIMEOUT;
                    case 2 -> dev.factory.testing.FaultyMcpProxy.Fault.TRUNCATED;
                    default -> dev.factory.testing.FaultyMcpProxy.Fault.NONE;
                };
            });
            JsonNode r = scenario("side-effects", bridgeJson("http://127.0.0.1:" + proxy.getAddress().getPort() + "/mcp"), 120);
            assertEquals(12, increments.get(), "each increment crossed the proxy once: " + r);
            assertEquals(12, r.get("count").asInt(), "and ran once: " + r);
            assertEquals(4, r.get("results").asInt(), r.toString());
            assertEquals(8, r.get("errors").asInt(), "a lost answer is an error, not a hang: " + r);
            assertTrue(r.get("messages").toString().contains("not repeated, since the server may have run tools/call"), r.toString());
        } finally {
            if (proxy != null) proxy.stop(0);
            counter.destroyForcibly();
        }
    }

    @Test
    void theBriefsFortyRunLoopThroughAProxyThatResetsTenPercentOfConnects() throws Exception {
        int passed = 0;
        var failures = new java.util.ArrayList<String>();
        try (var faults = new dev.factory.testing.FaultyMcpProxy.ConnectFaults(port, 10, 7)) {
            String bridge = bridgeJson("http://127.0.0.1:" + faults.port() + "/mcp");
            for (int run = 0; run < 40; run++) {
                Process p = client("one-shot", bridge);
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                assertTrue(p.waitFor(60, TimeUnit.SECONDS), "run " + run + " finished");
                JsonNode r = JSON.readTree(out.substring(out.lastIndexOf('\n') + 1));
                if (!r.has("error") && r.path("echo").asBoolean() && r.path("tools").asInt() > 0) passed++;
                else failures.add(r.toString());
            }
            System.out.println("mcp-bridge 40-run loop: " + passed + "/40 passed, " + faults.reset() + " of " + faults.accepted()
                    + " connections reset");
            assertTrue(faults.reset() >= 4, "the proxy really reset connections: " + faults.reset() + " of " + faults.accepted());
        }
        assertEquals(40, passed, "40 of 40 one-shot runs through 10% reset connects: " + failures);
    }
}
