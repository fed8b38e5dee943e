package dev.factory.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.testing.Await;
import dev.factory.testing.Cli;
import dev.factory.testing.DockerCli;
import dev.factory.testing.FakeGitHub;
import dev.factory.testing.Jar;
import dev.factory.testing.RequiresDocker;
import dev.factory.testing.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runners against a local GitHub API on 127.0.0.1 and the real engine, through the real jar (so
 * GH_TOKEN and GITHUB_API_URL arrive by environment). systemctl is a stand-in script that records
 * its calls; the runner is a stand-in that reports to the test API.
 */
@RequiresDocker
class RunnersIT {
    private static final String TOKEN = "ghs_RunnersItToken0123456789abcdefABCDEF";

    @TempDir
    Path tmp;

    private String p;
    private FakeGitHub github;
    private Path config;
    private Path units;
    private final Cli.Session factory = Cli.jar(() -> config, () -> Map.of("GITHUB_API_URL", github.url()));
    private final List<Cli.Run> runs = factory.runs();

    @BeforeEach
    void setUp() throws IOException {
        p = TestImages.uniquePrefix();
        github = new FakeGitHub(TOKEN);
        config = tmp.resolve("config");
        units = Files.createDirectories(tmp.resolve("units"));
        Path box = TestImages.busyboxContext(config.resolve("runner"), "box.txt", "box\n");
        Files.copy(Path.of("src/test/resources/runner-standin/factory-runner"), box.resolve("factory-runner"));
        Files.writeString(box.resolve("Dockerfile"), "ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nCOPY busybox /bin/busybox\n"
                + "RUN [\"/bin/busybox\", \"--install\", \"-s\", \"/bin\"]\nCOPY factory-runner /usr/local/bin/factory-runner\n");
        dev.factory.testing.FakeSystemctl.write(tmp.resolve("systemctl"), tmp.resolve("systemd-state"));
        Files.writeString(tmp.resolve("gh-token"), TOKEN + "\n");
        writeConfig(List.of("aina-platform", "aina-data-engine-room", "aina-academy"), "vds", "service");
    }

    @AfterEach
    void tearDown() {
        github.close();
        DockerCli.removeEverythingOwned(p);
    }

    private void writeConfig(List<String> repos, String label, String mode) throws IOException {
        var yaml = new StringBuilder("host:\n  name: " + p + "\n  stateDir: ../state\n  github: {tokenFile: ../gh-token}\n"
                + "  systemd: {unitDir: " + units + ", systemctl: " + tmp.resolve("systemctl") + ", factoryBin: /usr/local/bin/factory}\n"
                + "images:\n  " + p + "-runner:\n    context: runner\n    from: scratch\n"
                + "profiles:\n  runner:\n    image: " + p + "-runner\n    network: host\n    env: {FACTORY_TEST_API: \"" + github.hostPort() + "\"}\n"
                + "runners:\n");
        for (String repo : repos) {
            yaml.append("  ").append(repo).append(":\n    repo: ainative-academy/").append(repo).append("\n    labels: [self-hosted, ").append(label)
                    .append(", linux]\n    mode: ").append(mode).append("\n    profile: runner\n    workDir: ").append(tmp.resolve("runners"))
                    .append("\n    offlineAfter: 1s\n");
        }
        Files.writeString(config.resolve("factory.yaml"), yaml.toString());
    }


    private String slot(String repo) {
        return p + "-" + repo + "-1";
    }

    @Test
    void serviceRunnersAreRegisteredKeptRelabelledRevivedAndRemoved() throws Exception {
        github.add("ainative-academy/aina-academy", "someone-elses-runner", "offline", false, List.of("self-hosted", "Linux", "X64"));
        var first = factory.run("apply", "--auto-approve");
        assertEquals(0, first.exitCode(), first.all());
        for (String repo : List.of("aina-platform", "aina-data-engine-room", "aina-academy")) {
            var r = github.byName(slot(repo));
            assertNotNull(r, "registered: " + slot(repo));
            assertEquals("online", r.status);
            assertTrue(r.labels.contains("vds"), r.labels.toString());
            assertTrue(Files.readString(tmp.resolve("systemd-state/calls")).contains("enable --now factory-runner@" + slot(repo) + ".service"));
        }
        assertTrue(Files.readString(units.resolve("factory-runner@.service")).contains("runner-slot %i --config " + config));

        var again = factory.run("plan", "--detailed-exitcode");
        assertEquals(0, again.exitCode(), "the second plan is all no-op:\n" + again.all());

        writeConfig(List.of("aina-platform", "aina-data-engine-room", "aina-academy"), "gpu", "service");
        long before = github.byName(slot("aina-academy")).id;
        var relabel = factory.run("plan");
        assertEquals(3, relabel.out().lines().filter(l -> l.contains("-/+ runner/") && l.contains("labels differ")).count(), relabel.out());
        github.byName(slot("aina-platform")).busy = true;
        var busy = factory.run("apply", "--auto-approve");
        assertEquals(0, busy.exitCode(), busy.all());
        assertTrue(busy.all().contains("labels differ but it is busy; the change waits for the job to end"), busy.all());
        assertTrue(github.byName(slot("aina-platform")).labels.contains("vds"), "a busy runner is never touched");
        assertNotEquals(before, github.byName(slot("aina-academy")).id, "replaced");
        assertTrue(github.byName(slot("aina-academy")).labels.contains("gpu"));
        github.byName(slot("aina-platform")).busy = false;
        assertEquals(0, factory.run("apply", "--auto-approve").exitCode());
        assertEquals(0, factory.run("plan", "--detailed-exitcode").exitCode());

        Await.past(java.time.Instant.now().plusSeconds(1));   // older than offlineAfter: 1s
        github.byName(slot("aina-data-engine-room")).status = "offline";
        var stale = factory.run("plan");
        assertTrue(stale.out().contains("-/+ runner/" + slot("aina-data-engine-room")) && stale.out().contains("offline although its unit runs"), stale.out());
        assertEquals(0, factory.run("apply", "--auto-approve").exitCode());
        assertEquals("online", github.byName(slot("aina-data-engine-room")).status);

        github.failNext(2, 500);
        var retried = factory.run("plan", "--detailed-exitcode");
        assertEquals(0, retried.exitCode(), "500s are retried:\n" + retried.all());
        github.failNext(1, 403);
        var limited = factory.run("plan", "--detailed-exitcode");
        assertEquals(0, limited.exitCode(), "a rate limit is waited out:\n" + limited.all());
        github.failNext(1000, 500);
        var down = factory.run("plan", "--detailed-exitcode");
        assertEquals(2, down.exitCode(), "GitHub down: runners are unknown (pending), never deleted:\n" + down.all());
        assertTrue(down.out().contains("? runner/" + slot("aina-platform")) && down.all().contains("HTTP 500"), down.all());
        assertFalse(down.out().contains("- runner/"), down.out());
        github.failNext(0, 500);

        writeConfig(List.of("aina-platform", "aina-academy"), "gpu", "service");
        var removed = factory.run("apply", "--auto-approve");
        assertEquals(0, removed.exitCode(), removed.all());
        assertNull(github.byName(slot("aina-data-engine-room")), "the undeclared runner is deleted");
        assertTrue(Files.readString(tmp.resolve("systemd-state/calls")).contains("disable --now factory-runner@" + slot("aina-data-engine-room") + ".service"));
        assertNotNull(github.byName("someone-elses-runner"), "a runner factory did not create is never touched");

        Files.delete(tmp.resolve("gh-token"));
        var noToken = Jar.run(Map.of("GITHUB_API_URL", github.url(), "PATH", "/usr/bin:/bin"), "plan", "--config", config.toString());
        runs.add(noToken);
        assertEquals(0, noToken.exitCode(), noToken.all());
        assertTrue(noToken.out().contains("? runner/" + slot("aina-academy")) && noToken.out().contains("no GitHub token"), noToken.out());
        assertTrue(noToken.out().contains("No changes") || noToken.out().contains("unknown"), "the rest of the plan goes on:\n" + noToken.out());

        assertTokenNowhere();
    }

    @Test
    void anEphemeralSlotRunsEachJobInAFreshContainer() throws Exception {
        writeConfig(List.of("aina-academy"), "vds", "ephemeral");
        var apply = factory.run("apply", "--auto-approve");
        assertEquals(0, apply.exitCode(), apply.all());
        assertTrue(Files.exists(tmp.resolve("systemd-state/factory-runner@" + slot("aina-academy") + ".service")), "the slot's unit is enabled");
        assertNull(github.byName(slot("aina-academy")), "no standing registration: a JIT config per job");
        assertEquals(0, factory.run("plan", "--detailed-exitcode").exitCode());

        var slot = factory.run("runner-slot", slot("aina-academy"), "--jobs", "2");
        assertEquals(0, slot.exitCode(), slot.all());
        assertEquals(2, github.jobsRunIn.size(), "two jobs ran");
        assertEquals(2, new HashSet<>(github.jobsRunIn).size(), "each in its own container: " + github.jobsRunIn);
        assertEquals("", DockerCli.ok("ps", "-aq", "--filter", "label=dev.factory.address=runner-slot/factory-runner-" + slot("aina-academy")),
                "no runner container is left behind");
        assertEquals("", DockerCli.ok("ps", "-aq", "--filter", "name=factory-runner-" + slot("aina-academy")));
        assertNull(github.byName(slot("aina-academy")), "each JIT runner is gone once its job ended");
        assertTokenNowhere();
    }

    /**
     * One canary used three ways at once: the GitHub token behind runner registration, a service's
     * env secret, and an MCP server's Authorization header. It reaches the service's env (its job)
     * and nothing else: every CLI output (plan text, JSON, Markdown, apply, drift in all formats,
     * status, a refused attempt to bake it), every file factory wrote (state, journal, inventory,
     * logs, reports, rendered MCP files, units), every owned container's labels, every owned
     * image's history and config.
     */
    @Test
    void oneCanaryInEnvMcpHeadersAndRunnerTokensIsFoundNowhere() throws Exception {
        Path secrets = Files.createDirectories(tmp.resolve("secrets"));
        Files.writeString(secrets.resolve("app.env"), "TOKEN=" + TOKEN + "\n");
        Files.setPosixFilePermissions(secrets.resolve("app.env"), PosixFilePermissions.fromString("rw-------"));
        writeConfig(List.of("aina-academy"), "vds", "service");
        String base = Files.readString(config.resolve("factory.yaml"));
        String withSecrets = base.replace("  github: {", "  secretsDir: ../secrets\n  home: " + tmp.resolve("home") + "\n  github: {")
                .replace("runners:\n", "  worker:\n    image: " + p + "-runner\n    network: none\n    env: {TOKEN: \"${secret:app.env#TOKEN}\"}\n"
                        + "services:\n  " + p + "-svc:\n    profile: worker\n    command: [/bin/busybox, sleep, \"3600\"]\n"
                        + "mcp:\n  servers:\n    sentry:\n      transport: http\n      url: https://mcp.sentry.dev/mcp\n"
                        + "      headers: {Authorization: \"Bearer ${secret:app.env#TOKEN}\"}\n"
                        + "  clients:\n    claude: {format: claude-json, path: ~/.claude/.mcp.json, servers: all}\n"
                        + "runners:\n");
        Files.writeString(config.resolve("factory.yaml"), withSecrets);

        var apply = factory.run("apply", "--auto-approve");
        assertEquals(0, apply.exitCode(), apply.all());
        assertTrue(DockerCli.ok("inspect", "-f", "{{.Config.Env}}", p + "-svc-1").contains("TOKEN=" + TOKEN), "the service gets its secret");
        assertTrue(Files.readString(tmp.resolve("home/.claude/.mcp.json")).contains("Bearer ${TOKEN}"), "the MCP file names the variable");
        assertNotNull(github.byName(slot("aina-academy")), "the runner registered with the token");
        assertEquals(0, factory.run("plan", "--detailed-exitcode").exitCode());
        factory.run("plan", "--json");
        factory.run("plan", "--format", "markdown");
        factory.run("status");
        for (String format : List.of("md", "json", "html")) factory.run("drift", "--no-doctor", "--format", format);
        factory.run("drift", "--no-doctor", "--out-dir", tmp.resolve("state/drift").toString());

        Files.writeString(config.resolve("factory.yaml"), withSecrets.replace("    from: scratch\n",
                "    from: scratch\n    args: {LEAK: \"${secret:app.env#TOKEN}\"}\n"));
        var bake = factory.run("plan");
        assertEquals(1, bake.exitCode(), "a secret in a build arg is refused: " + bake.all());
        assertTrue(bake.all().contains("LEAK"), "the refusal names the arg: " + bake.all());
        Files.writeString(config.resolve("factory.yaml"), withSecrets);

        assertTokenNowhere();
        for (Path root : List.of(tmp.resolve("home"), units)) {
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path f : walk.filter(Files::isRegularFile).toList()) {
                    assertFalse(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1).contains(TOKEN), "token in " + f);
                }
            }
        }
        var images = DockerCli.ok("images", "-q", "--filter", "label=dev.factory.owner=" + p).lines().distinct().toList();
        assertFalse(images.isEmpty());
        for (String id : images) {
            assertFalse(DockerCli.ok("history", "--no-trunc", id).contains(TOKEN), "token in the history of " + id);
            assertFalse(DockerCli.ok("image", "inspect", id).contains(TOKEN), "token in the config of " + id);
        }
    }

    private void assertTokenNowhere() throws IOException {
        for (Cli.Run run : runs) assertFalse(run.all().contains(TOKEN), "the token was printed:\n" + run.all());
        try (Stream<Path> walk = Files.walk(tmp.resolve("state"))) {
            for (Path f : walk.filter(Files::isRegularFile).toList()) {
                assertFalse(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1).contains(TOKEN), "token in " + f);
            }
        }
        for (String id : DockerCli.run("ps", "-aq", "--filter", "label=dev.factory.owner=" + p).out().lines().toList()) {
            if (!id.isBlank()) assertFalse(DockerCli.ok("inspect", "-f", "{{json .Config.Labels}}", id).contains(TOKEN));
        }
    }
}
