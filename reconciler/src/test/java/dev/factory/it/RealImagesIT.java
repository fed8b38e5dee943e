package dev.factory.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.factory.testing.Cli;
import dev.factory.testing.DockerCli;
import dev.factory.testing.Jar;
import dev.factory.testing.RequiresDocker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user's own images, built for real: {@code images/build-here} makes a Debian base with
 * debootstrap, then {@code factory apply} of a test copy of the bundled config builds factory-base,
 * codex-lane, claude-agent, the repo images and the runner image from Debian's archive and the npm
 * registry; doctor then proves each connection with the agents' own CLIs and MCP handshakes. The
 * only deaf lines allowed are the ones this machine cannot satisfy, each named.
 */
@RequiresDocker
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealImagesIT {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    /** build-here's own default: outside the clone (and outside target/), so a warm engine's images keep their lineage. */
    private static final Path WORK = System.getenv("FACTORY_BUILD_HERE_DIR") != null ? Path.of(System.getenv("FACTORY_BUILD_HERE_DIR"))
            : Path.of(System.getenv("XDG_STATE_HOME") != null ? System.getenv("XDG_STATE_HOME") : System.getenv("HOME") + "/.local/state",
                    "factory/build-here");
    private static final Path CONFIG = WORK.resolve("config");
    private static final List<String> IMAGES = List.of("factory-base", "codex-lane", "claude-agent", "repo-aina-platform",
            "repo-aina-data-engine-room", "repo-aina-academy", "actions-runner", "egress-proxy");
    private static final Map<String, String> ENV = Map.of("GH_TOKEN", "real-images-it-not-a-token");

    record Run(int exitCode, String output) {}

    private static Run buildHere() throws IOException, InterruptedException {
        var pb = new ProcessBuilder(ROOT.resolve("images/build-here").toString()).redirectErrorStream(true);
        pb.environment().put("FACTORY_JAR", Path.of("target/factory.jar").toAbsolutePath().toString());
        pb.environment().put("FACTORY_BUILD_HERE_DIR", WORK.toString());
        pb.environment().putAll(ENV);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(40, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("images/build-here did not finish in 40 minutes:\n" + out);
        }
        return new Run(p.exitValue(), out);
    }

    private static JsonNode doctor(String profile) throws IOException {
        Cli.Run run = Jar.run(ENV, "doctor", "--config", CONFIG.toString(), "--profile", profile, "--json");
        assertTrue(run.out().strip().startsWith("["), "doctor --json printed a list:\n" + run.all());
        return new ObjectMapper().readTree(run.out());
    }

    private static Map<String, JsonNode> byConnection(JsonNode checks) {
        var out = new HashMap<String, JsonNode>();
        checks.forEach(c -> out.put(c.get("connection").asText(), c));
        return out;
    }

    private static Set<String> deaf(JsonNode checks) {
        var out = new TreeSet<String>();
        checks.forEach(c -> {
            if (c.get("status").asText().equals("deaf")) out.add(c.get("connection").asText());
        });
        return out;
    }

    private static void ok(Map<String, JsonNode> checks, String connection, String detailPart) {
        JsonNode c = checks.get(connection);
        assertTrue(c != null, connection + " was checked: " + checks.keySet());
        assertEquals("ok", c.get("status").asText(), connection + ": " + c);
        assertTrue(c.get("detail").asText().contains(detailPart), connection + " says " + detailPart + ": " + c);
    }

    /**
     * The tier's egress, in the real proxy image built from Debian's archive: the npm registry (the
     * one listed host this machine reaches) answers through the proxy, and nothing else gets out.
     */
    private static void egressEnforced(Map<String, JsonNode> by) {
        ok(by, "egress allowed", "registry.npmjs.org:443 answers through the proxy");
        ok(by, "egress denied", "a host off the list is refused (403)");
        ok(by, "egress private", "169.254.169.254 (cloud metadata) is refused (403)");
        ok(by, "egress direct", "a direct connection to registry.npmjs.org:443 fails");
    }

    @Test
    @Order(1)
    void theWholeChainBuildsThroughFactoryApply() throws Exception {
        Run first = buildHere();
        assertEquals(0, first.exitCode(), first.output());
        for (String image : IMAGES) {
            assertTrue(DockerCli.imageExists(image + ":latest"), image + ":latest is built:\n" + first.output());
            assertTrue(first.output().lines().anyMatch(l -> l.startsWith(image + ":latest ") && l.contains(" MB")),
                    "build-here prints " + image + " with its size:\n" + first.output());
        }
        // nothing the test config could not reach was baked: no uv, no runner, no CA left in the final images
        assertEquals("", DockerCli.ok("run", "--rm", "--network", "none", "--entrypoint", "sh", "factory-base:latest", "-c",
                "command -v uv; ls /usr/local/share/ca-certificates/factory/ 2>/dev/null; true").strip());
        assertFalse(DockerCli.run("run", "--rm", "--network", "none", "actions-runner:latest", "factory-runner", "run").exitCode() == 0,
                "the runner image built without GitHub's runner says so instead of starting");
    }

    @Test
    @Order(2)
    void aSecondRunRebuildsNothing() throws Exception {
        Run again = buildHere();
        assertEquals(0, again.exitCode(), again.output());
        assertTrue(again.output().contains("No changes:"), "every image is a no-op:\n" + again.output());
        assertFalse(again.output().contains(": building"), again.output());
        var plan = Jar.run(ENV, "plan", "--config", CONFIG.toString(), "--detailed-exitcode");
        assertEquals(0, plan.exitCode(), "the plan after apply is empty:\n" + plan.all());
    }

    @Test
    @Order(3)
    void doctorProvesTheLaneWithCodexItself() throws Exception {
        JsonNode checks = doctor("lane");
        var by = byConnection(checks);
        ok(by, "cli codex", "codex-cli 0.169.0");
        ok(by, "config codex-lane", "codex loads /home/agent/.codex/config.toml: 0 servers, none declared");
        ok(by, "mount /home/agent/.codex/auth.json (rw)", "a write succeeds");
        ok(by, "git guard", "refuses 'git push --force'; runs /usr/bin/git for the rest (git version 2.");
        egressEnforced(by);
        // what this machine cannot give a lane: a codex login, Paperclip on 3100
        assertEquals(Set.of("auth codex", "endpoint paperclip"), deaf(checks), checks.toPrettyString());
        assertTrue(by.get("auth codex").get("detail").asText().contains("run codex login on the host"));
    }

    @Test
    @Order(4)
    void doctorProvesTheAgentWithClaudeItselfAndAnMcpHandshakePerServer() throws Exception {
        JsonNode checks = doctor("agent");
        var by = byConnection(checks);
        ok(by, "cli claude", "(Claude Code)");
        ok(by, "git guard", "refuses 'git push --force'; runs /usr/bin/git for the rest (git version 2.");
        ok(by, "config claude-agent", "claude loads /etc/factory/mcp.json: 13 servers, all declared");
        ok(by, "mcp codegraph", "as codegraph/");
        ok(by, "mcp playwright", "as Playwright/");
        for (String stdio : List.of("mcp codegraph", "mcp playwright")) {
            assertTrue(by.get(stdio).get("detail").asText().matches(".*: [1-9][0-9]* tools?"), "lists its tools: " + by.get(stdio));
        }
        ok(by, "mcp github token", "sent from GH_TOKEN in the container's env");
        egressEnforced(by);
        // what this machine cannot give an agent: OAuth caches made by a person, Paperclip, uv from PyPI
        var hosted = List.of("clerk", "linear", "posthog", "sentry", "cloudflare-api", "cloudflare-bindings", "cloudflare-builds",
                "cloudflare-docs", "cloudflare-observability");
        var expected = new TreeSet<>(Set.of("auth claude", "endpoint paperclip", "mcp pkm-agent"));
        hosted.forEach(h -> expected.add("mcp " + h + " token"));
        assertEquals(expected, deaf(checks), checks.toPrettyString());
        assertEquals("uv is not on PATH; install it in the image", by.get("mcp pkm-agent").get("detail").asText());
        for (String h : hosted) {
            assertTrue(by.get("mcp " + h + " token").get("detail").asText().contains("re-auth on the host: run claude on the host, then /mcp, choose " + h),
                    by.get("mcp " + h + " token").toString());
        }
        assertFalse(checks.toString().contains("real-images-it-not-a-token"), "no secret value is ever printed");
    }

    @Test
    @Order(5)
    void aRepoImageCarriesItsLockfilesStoreSoCiInstallsOffline(@TempDir Path tmp) throws Exception {
        Path fixture = Path.of("src/test/resources/real-images/repo-fixture");
        Path config = Files.createDirectories(tmp.resolve("config"));
        // the bundled layout: images/repo/Dockerfile shared, images/repo/NAME/ the context holding NAME's lockfile
        Path ctx = Files.createDirectories(config.resolve("repo/fixture"));
        Files.copy(fixture.resolve("pnpm-lock.yaml"), ctx.resolve("pnpm-lock.yaml"));
        Files.copy(ROOT.resolve("images/repo/Dockerfile"), config.resolve("repo/Dockerfile"));
        var cas = new StringBuilder();
        try (var files = Files.list(Path.of("/usr/local/share/ca-certificates"))) {
            files.filter(f -> f.toString().endsWith(".crt")).sorted().forEach(f -> cas.append(cas.isEmpty() ? "" : ", ").append(f));
        } catch (java.nio.file.NoSuchFileException e) {
            // no extra CA on this machine
        }
        String owner = "realrepo" + Long.toHexString(System.nanoTime()).substring(0, 6);
        Files.writeString(config.resolve("factory.yaml"), "host:\n  name: " + owner + "\n  stateDir: ../state\n"
                + "  build: {network: host, caCertificates: [" + cas + "]}\n"
                + "images:\n  " + owner + "-repo:\n    context: repo/fixture\n    dockerfile: repo/Dockerfile\n    from: factory-base:latest\n"
                + "    args: {REPO_NAME: fixture, REPO_URL: https://example.invalid/fixture.git}\n");
        try {
            var apply = Jar.run(ENV, "apply", "--config", config.toString(), "--auto-approve");
            assertEquals(0, apply.exitCode(), apply.all());

            Path work = Files.createDirectories(tmp.resolve("work"));
            Files.copy(fixture.resolve("package.json"), work.resolve("package.json"));
            Files.copy(fixture.resolve("pnpm-lock.yaml"), work.resolve("pnpm-lock.yaml"));
            DockerCli.ok("run", "--rm", "-v", work + ":/w", "--entrypoint", "chown", "--user", "0", "factory-base:latest", "-R", "1000:1000", "/w");
            var install = DockerCli.run("run", "--rm", "--network", "none", "-v", work + ":/workspace/fixture", "-w", "/workspace/fixture",
                    owner + "-repo:latest", "pnpm", "install", "--offline", "--frozen-lockfile");
            assertEquals(0, install.exitCode(), "installed with no network at all, from the image's store:\n" + install.out());
            assertTrue(Files.isRegularFile(work.resolve("node_modules/is-number/package.json")), install.out());
        } finally {
            DockerCli.removeEverythingOwned(owner);
        }
    }

    @Test
    @Order(6)
    void factoryBaseRunsTheMcpBridgeOnItsTrimmedRuntimeWithTheHostsJarMounted() throws Exception {
        var server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/mcp", exchange -> {
            try (exchange) {
                if (!exchange.getRequestMethod().equals("POST")) {
                    exchange.sendResponseHeaders(405, -1);
                    return;
                }
                JsonNode m = new ObjectMapper().readTree(exchange.getRequestBody());
                if (!m.has("id")) {
                    exchange.sendResponseHeaders(202, -1);
                    return;
                }
                String result = m.path("method").asText().equals("initialize")
                        ? "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"serverInfo\":{\"name\":\"host\",\"version\":\"1\"}}"
                        : "{\"tools\":[{\"name\":\"from-the-host\",\"inputSchema\":{\"type\":\"object\"}}]}";
                byte[] body = ("{\"jsonrpc\":\"2.0\",\"id\":" + m.get("id") + ",\"result\":" + result + "}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.getResponseHeaders().add("Mcp-Session-Id", "s-host");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
        try {
            String jar = Path.of("target/factory.jar").toAbsolutePath().toString();
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/mcp";
            Path input = Files.createTempFile("bridge-in", ".jsonl");
            Files.writeString(input, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}\n"
                    + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}\n");
            Files.setPosixFilePermissions(input, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));   // the image's agent reads it
            var run = DockerCli.run("run", "--rm", "--network", "host", "-v", jar + ":/opt/factory/factory.jar:ro", "-v", input + ":/tmp/in.jsonl:ro",
                    "--entrypoint", "sh", "factory-base:latest", "-c", "factory-mcp-bridge " + url + " < /tmp/in.jsonl");
            assertEquals(0, run.exitCode(), run.out());
            assertTrue(run.out().contains("\"name\":\"from-the-host\""), "the host's server answered through the bridge in the image:\n" + run.out());
            Files.delete(input);

            var unmounted = DockerCli.run("run", "--rm", "--network", "none", "factory-base:latest", "factory-mcp-bridge", url);
            assertEquals(69, unmounted.exitCode(), unmounted.out());
            assertTrue(unmounted.out().contains("mount the host's factory.jar there"), unmounted.out());
            String runtime = DockerCli.ok("run", "--rm", "--network", "none", "--entrypoint", "du", "factory-base:latest", "-sm", "/opt/factory-jre");
            assertTrue(Integer.parseInt(runtime.split("\\s+")[0]) < 60, "the trimmed runtime stays small: " + runtime);
        } finally {
            server.stop(0);
        }
    }
}
