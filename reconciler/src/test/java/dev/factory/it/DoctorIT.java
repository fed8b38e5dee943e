package dev.factory.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.factory.testing.Cli;
import dev.factory.testing.DockerCli;
import dev.factory.testing.RequiresDocker;
import dev.factory.testing.TestImages;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * doctor against real busybox containers: a profile whose every connection works, and one whose
 * every connection is broken in its own way. Each check shows up as ok in the first and deaf in
 * the second.
 */
@RequiresDocker
class DoctorIT {
    @TempDir
    Path tmp;

    private String p;
    private HttpServer api;

    @BeforeEach
    void setUp() throws IOException {
        p = TestImages.uniquePrefix();
        api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        api.createContext("/", x -> {
            x.sendResponseHeaders(200, -1);
            x.close();
        });
        api.start();
        Path home = tmp.resolve("home");
        for (String who : new String[] {"good", "bad"}) {
            Path h = Files.createDirectories(home.resolve(who));
            Files.createDirectories(h.resolve("work"));
            Files.createDirectories(h.resolve("docs"));
            Files.createDirectories(h.resolve(".claude"));
        }
        Files.setPosixFilePermissions(home.resolve("good/work"), PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(home.resolve("bad/work"), PosixFilePermissions.fromString("rwxr-xr-x"));
        long future = Instant.now().plusSeconds(3600).toEpochMilli();
        long past = Instant.now().minusSeconds(3600).toEpochMilli();
        Files.writeString(home.resolve("good/.claude/.credentials.json"), "{\"claudeAiOauth\":{\"accessToken\":\"x\",\"expiresAt\":" + future + "},"
                + "\"mcpOAuth\":{\"linear|0f1e\":{\"serverName\":\"linear\",\"serverUrl\":\"https://mcp.linear.app/mcp\",\"accessToken\":\"y\",\"expiresAt\":" + future + "}}}");
        Files.writeString(home.resolve("bad/.claude/.credentials.json"), "{\"claudeAiOauth\":{\"accessToken\":\"x\",\"expiresAt\":" + past + "}}");
        Files.writeString(home.resolve("good/auth.json"), "{\"tokens\":{\"access_token\":\"a.eyJleHAiOjk5OTk5OTk5OTl9.s\",\"refresh_token\":\"r\"}}");
        Files.writeString(home.resolve("bad/auth.json"), "not json");
        for (String who : new String[] {"good", "bad"}) {
            Files.setPosixFilePermissions(home.resolve(who + "/auth.json"), PosixFilePermissions.fromString("rw-rw-rw-"));
            Files.setPosixFilePermissions(home.resolve(who + "/.claude"), PosixFilePermissions.fromString("rwxrwxrwx"));
        }
        Path secrets = Files.createDirectories(tmp.resolve("secrets"));
        Files.writeString(secrets.resolve("good.env"), "TOKEN=t\n");
        Files.setPosixFilePermissions(secrets.resolve("good.env"), PosixFilePermissions.fromString("rw-------"));
        Files.writeString(secrets.resolve("bad.env"), "TOKEN=t\n");
        Files.setPosixFilePermissions(secrets.resolve("bad.env"), PosixFilePermissions.fromString("rw-r--r--"));

        Path box = TestImages.busyboxContext(tmp.resolve("config/box"), "box.txt", "box\n");
        // two stand-ins a busybox image can hold: an MCP server in sh, and a 'claude' that lists the servers
        // of the .mcp.json it is run beside (RealImagesIT runs the real CLI and real servers)
        Files.writeString(box.resolve("mcp-fixture"), """
                #!/bin/sh
                while IFS= read -r line; do
                  id=$(echo "$line" | sed -n 's/.*"id":\\([0-9]*\\).*/\\1/p')
                  case "$line" in
                    *'"method":"initialize"'*) echo "{\\"jsonrpc\\":\\"2.0\\",\\"id\\":$id,\\"result\\":{\\"protocolVersion\\":\\"2025-06-18\\",\\"serverInfo\\":{\\"name\\":\\"fixture\\",\\"version\\":\\"1\\"}}}" ;;
                    *'"method":"tools/list"'*) echo "{\\"jsonrpc\\":\\"2.0\\",\\"id\\":$id,\\"result\\":{\\"tools\\":[{\\"name\\":\\"echo\\"}]}}" ;;
                  esac
                done
                """);
        Files.writeString(box.resolve("claude"), """
                #!/bin/sh
                case "$1 $2" in
                  "--version "*) echo "0.0.0 (Claude Code stand-in)" ;;
                  "mcp list") sed -n 's/^    "\\([^"]*\\)" : {.*/\\1: stand-in - ok/p' .mcp.json ;;
                  *) exit 64 ;;
                esac
                """);
        Files.writeString(box.resolve("Dockerfile"), "ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nCOPY busybox /bin/busybox\n"
                + "RUN [\"/bin/busybox\", \"--install\", \"-s\", \"/bin\"]\nCOPY mcp-fixture claude /bin/\nRUN chmod 755 /bin/mcp-fixture /bin/claude\n");
        String url = "http://127.0.0.1:" + api.getAddress().getPort() + "/";
        Files.writeString(tmp.resolve("config/factory.yaml"), "host:\n  name: " + p + "\n  stateDir: ../state\n  secretsDir: ../secrets\n  home: " + home + "\n"
                + "images:\n  " + p + "-box:\n    context: box\n    from: scratch\n"
                + "mcp:\n  servers:\n"
                + "    shell: {transport: stdio, command: mcp-fixture}\n"
                + "    missing: {transport: stdio, command: no-such-mcp-server}\n"
                + "    linear: {transport: http, url: \"https://mcp.linear.app/mcp\"}\n"
                + "    broken: {transport: http, url: \"htp//mcp.example\"}\n"
                + "  clients:\n"
                + "    good: {format: claude-json, path: ~/good/.claude/.mcp.json, servers: [shell, linear]}\n"
                + "    bad: {format: claude-json, path: ~/bad/.claude/.mcp.json, servers: [missing, broken]}\n"
                + (profile("good", "host", url) + profile("bad", "none", url)).replace("PFX", p));
        var built = Cli.run("apply", "--config", tmp.resolve("config").toString(), "--auto-approve");
        assertEquals(0, built.exitCode(), built.all());
    }

    private static String profile(String who, String network, String url) {
        return (who.equals("good") ? "profiles:\n" : "") + "  " + who + ":\n    image: PFX-box\n    network: " + network + "\n"
                + "    mounts:\n"
                + "      - {source: ~/" + who + "/work, target: /work, mode: rw}\n"
                + "      - {source: ~/" + who + "/docs, target: /docs, mode: ro}\n"
                + "      - {source: ~/" + who + "/.claude, target: /home/agent/.claude, mode: rw}\n"
                + "      - {source: ~/" + who + "/auth.json, target: /home/agent/.codex/auth.json, mode: rw}\n"
                + "    envFiles: [../secrets/" + who + ".env]\n"
                + "    endpoints: {paperclip: \"" + url + "\"}\n"
                + "    mcp: {clients: [" + who + "]}\n";
    }

    @AfterEach
    void tearDown() {
        api.stop(0);
        DockerCli.removeEverythingOwned(p);
    }

    @Test
    void everyCheckPassesForTheGoodProfileAndFailsForTheBadOne() throws Exception {
        var run = Cli.run("doctor", "--config", tmp.resolve("config").toString(), "--json");

        assertEquals(1, run.exitCode(), "a deaf connection fails the doctor:\n" + run.all());
        Map<String, String> good = new HashMap<>(), bad = new HashMap<>();
        for (JsonNode c : new ObjectMapper().readTree(run.out())) {
            (c.path("profile").asText().equals("good") ? good : bad).put(c.path("connection").asText(), c.path("status").asText() + ": " + c.path("detail").asText());
        }
        String[][] expected = {
                {"mount /work (rw)", "mount /work (rw)"}, {"mount /docs (ro)", "mount /docs (ro)"},
                {"auth claude", "auth claude"}, {"auth codex", "auth codex"},
                {"secret good.env", "secret bad.env"}, {"endpoint paperclip", "endpoint paperclip"},
                {"mcp shell", "mcp missing"}, {"mcp linear", "mcp broken"}};
        for (String[] pair : expected) {
            assertTrue(good.getOrDefault(pair[0], "absent").startsWith("ok"), pair[0] + " in good: " + good);
            if (!pair[1].equals("mount /docs (ro)")) {
                assertTrue(bad.getOrDefault(pair[1], "absent").startsWith("deaf"), pair[1] + " in bad: " + bad);
            }
        }
        assertTrue(bad.get("auth claude").contains("re-run claude login on the host"), bad.toString());
        assertTrue(bad.get("mcp missing").contains("is not on PATH"), bad.toString());
        assertEquals("ok: answers MCP 2025-06-18 as fixture/1: 1 tool", good.get("mcp shell"), "a real handshake over the exec's stdin");
        assertEquals("ok: claude loads /home/agent/.claude/.mcp.json: 2 servers, all declared", good.get("config good"), good.toString());
        assertTrue(good.get("mcp linear token").startsWith("ok: "), good.toString());
        assertTrue(bad.get("mcp broken token").startsWith("deaf: no OAuth token for broken"), bad.toString());
        assertEquals("", DockerCli.ok("ps", "-aq", "--filter", "label=dev.factory.owner=" + p), "doctor leaves no container behind");

        var text = Cli.run("doctor", "--config", tmp.resolve("config").toString(), "--profile", "good");
        assertEquals(0, text.exitCode(), text.all());
        assertTrue(text.out().contains("profile good (image " + p + "-box, network host)") && text.out().contains(" 0 deaf"), text.out());
    }
}
