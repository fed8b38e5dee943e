package dev.factory.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.factory.testing.Cli;
import dev.factory.testing.DockerCli;
import dev.factory.testing.Jar;
import dev.factory.testing.RequiresDocker;
import dev.factory.testing.TestImages;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One canary, placed in every field a secret could be put: written literally it is refused at
 * validation, never echoed; referenced it is resolved where it must be and found nowhere else
 * (output, state files, reports, rendered files, labels, image layers, webhook payloads, and the
 * errors the canary itself causes).
 */
@RequiresDocker
class CanaryIT {
    private static final String CANARY = "ghp_" + "C4n4ryV4lu3Xq7Lz9Wm2Np5Rs8Tt1Uv3";
    private static final String HOOK_PATH = "/hooks/" + "c4n4ry-h00k-p4th-77a1";

    @TempDir
    Path tmp;

    private String p;
    private Path config;
    private final Cli.Session factory = Cli.on(() -> config);
    private final List<Cli.Run> runs = factory.runs();

    @BeforeEach
    void setUp() throws IOException {
        p = TestImages.uniquePrefix();
        config = Files.createDirectories(tmp.resolve("config"));
        TestImages.busyboxContext(config.resolve("box"), "box.txt", "box\n");
    }

    @AfterEach
    void tearDown() {
        DockerCli.removeEverythingOwned(p);
    }


    private String base() {
        return "host:\n  name: " + p + "\n  stateDir: ../state\n  home: " + tmp.resolve("home") + "\n  secretsDir: ../secrets\n"
                + "images:\n  " + p + "-box: {context: box, from: scratch}\n"
                + "profiles:\n  worker: {image: " + p + "-box, network: none}\n";
    }

    @Test
    void aLiteralCanaryIsRefusedInEveryFieldAndNeverEchoed() throws IOException {
        var places = Map.of(
                "repo URL userinfo", "repos:\n  r: {path: /srv/r, url: \"https://x-access-token:" + CANARY + "@github.com/o/r.git\"}\n",
                "repo URL path", "repos:\n  r: {path: /srv/r, url: \"https://github.com/o/" + CANARY + ".git\"}\n",
                "MCP url", "mcp:\n  servers:\n    s: {transport: http, url: \"https://mcp.example.com/" + CANARY + "\"}\n",
                "MCP args", "mcp:\n  servers:\n    s: {transport: stdio, command: x, args: [--token, \"" + CANARY + "\"]}\n",
                "MCP header", "mcp:\n  servers:\n    s: {transport: http, url: \"https://mcp.example.com/mcp\", headers: {Authorization: \"Bearer " + CANARY + "\"}}\n",
                "file content", "files:\n  f: {path: /srv/f, content: \"token " + CANARY + "\"}\n",
                "service command", "services:\n  " + p + "-s: {profile: worker, command: [sh, -c, \"echo " + CANARY + "\"]}\n",
                "webhook", "schedule:\n  drift: {webhook: \"https://hooks.example.com/" + CANARY + "\"}\n");
        for (var place : places.entrySet()) {
            Files.writeString(config.resolve("factory.yaml"), base() + place.getValue());
            for (String command : List.of("validate", "plan", "apply")) {
                var run = command.equals("apply") ? factory.run("apply", "--auto-approve") : factory.run(command);
                assertEquals(1, run.exitCode(), place.getKey() + ", " + command + ":\n" + run.all());
                assertTrue(run.err().contains("factory.yaml:"), place.getKey() + ": the error names the file and line:\n" + run.err());
                assertFalse(run.all().contains(CANARY), place.getKey() + ", " + command + " echoed the value:\n" + run.all());
            }
        }
        assertFalse(Files.exists(tmp.resolve("state")), "nothing was applied");
    }

    @Test
    void aReferencedCanaryIsResolvedWhereItMustBeAndFoundNowhereElse() throws Exception {
        var bodies = new CopyOnWriteArrayList<String>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            bodies.add(exchange.getRequestURI().getPath() + " " + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try {
            Path secrets = Files.createDirectories(tmp.resolve("secrets"));
            String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + HOOK_PATH;
            Files.writeString(secrets.resolve("canary.env"), "TOKEN=" + CANARY + "\nHOOK=" + hook + "\nBAD_HOOK=not a url " + CANARY + "\n");
            Files.setPosixFilePermissions(secrets.resolve("canary.env"), PosixFilePermissions.fromString("rw-------"));
            String body = base().replace("  worker: {image: " + p + "-box, network: none}\n",
                    "  worker: {image: " + p + "-box, network: none, env: {TOKEN: \"${secret:canary.env#TOKEN}\"}}\n")
                    + "services:\n  " + p + "-svc: {profile: worker, command: [/bin/busybox, sh, -c, \"trap 'exit 0' TERM; while true; do /bin/busybox sleep 0.2; done\"]}\n"
                    + "mcp:\n  servers:\n    sentry: {transport: http, url: \"https://mcp.sentry.dev/mcp\", headers: {Authorization: \"Bearer ${secret:canary.env#TOKEN}\"}}\n"
                    + "  clients:\n    claude: {format: claude-json, path: ~/.claude/.mcp.json, servers: all}\n"
                    + "files:\n  notes: {path: ~/notes.txt, content: \"no secret here\\n\"}\n";
            Files.writeString(config.resolve("factory.yaml"), body + "schedule:\n  drift: {webhook: \"${secret:canary.env#HOOK}\", doctor: false}\n");

            var apply = factory.run("apply", "--auto-approve");
            assertEquals(0, apply.exitCode(), apply.all());
            assertTrue(DockerCli.ok("inspect", "-f", "{{.Config.Env}}", p + "-svc-1").contains("TOKEN=" + CANARY), "the service gets its secret");
            Path mcp = tmp.resolve("home/.claude/.mcp.json");
            assertTrue(Files.readString(mcp).contains("Bearer ${TOKEN}"), "the MCP file names the variable");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(mcp)), "a file naming secret variables is 0600");
            assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("home/notes.txt"))));
            DockerCli.ok("rm", "-f", p + "-svc-1");   // drift, so the report calls the webhook
            factory.run("plan");
            factory.run("plan", "--json");
            factory.run("plan", "--format", "markdown");
            factory.run("plan", "--out", tmp.resolve("saved-plan.json").toString());
            factory.run("status");
            factory.run("drift", "--no-doctor", "--format", "html");
            var notified = factory.run("drift", "--no-doctor", "--notify", "--out-dir", tmp.resolve("state/drift").toString());
            assertTrue(notified.err().contains("drift webhook answered HTTP 204"), notified.all());

            // errors the canary itself causes: a webhook value that is not a URL
            Files.writeString(config.resolve("factory.yaml"), body + "schedule:\n  drift: {webhook: \"${secret:canary.env#BAD_HOOK}\", doctor: false}\n");
            var badHook = Jar.run(Map.of(), Cli.withConfig(config, "drift", "--no-doctor", "--notify", "--out-dir", tmp.resolve("state/drift2").toString()));
            runs.add(badHook);
            assertEquals(1, badHook.exitCode(), badHook.all());
            assertTrue(badHook.err().contains("the drift webhook is not a valid http(s) URL"), badHook.all());

            // a bridge header whose variable ends in a line break: refused by name, never quoted
            var bridge = Jar.run(Map.of("SENTRY_TOKEN", CANARY + "\r"), "mcp-bridge", "http://127.0.0.1:1/mcp", "--header", "Authorization=Bearer ${SENTRY_TOKEN}");
            runs.add(bridge);
            assertTrue(bridge.err().contains("SENTRY_TOKEN holds a line break"), bridge.all());

            for (Cli.Run run : runs) assertFalse(run.all().contains(CANARY), "printed:\n" + run.all());
            assertFalse(bodies.isEmpty(), "the webhook was called");
            for (String b : bodies) assertFalse(b.contains(CANARY), "the webhook payload: " + b);
            for (Path root : List.of(tmp.resolve("state"), tmp.resolve("home"), tmp.resolve("saved-plan.json"))) {
                try (Stream<Path> walk = Files.walk(root)) {
                    for (Path f : walk.filter(Files::isRegularFile).toList()) {
                        String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                        assertFalse(text.contains(CANARY), "the canary in " + f);
                        assertFalse(text.contains(HOOK_PATH), "the webhook URL (a secret) in " + f);
                    }
                }
            }
            for (String id : DockerCli.run("ps", "-aq", "--filter", "label=dev.factory.owner=" + p).out().lines().filter(s -> !s.isBlank()).toList()) {
                assertFalse(DockerCli.ok("inspect", "-f", "{{json .Config.Labels}}", id).contains(CANARY));
            }
            for (String id : DockerCli.ok("images", "-q", "--filter", "label=dev.factory.owner=" + p).lines().distinct().toList()) {
                assertFalse(DockerCli.ok("history", "--no-trunc", id).contains(CANARY), "image history");
                assertFalse(DockerCli.ok("image", "inspect", id).contains(CANARY), "image config");
            }
        } finally {
            receiver.stop(0);
        }
    }
}
