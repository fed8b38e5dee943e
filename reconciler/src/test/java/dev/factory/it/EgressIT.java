package dev.factory.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.factory.testing.Cli;
import dev.factory.testing.DebianBase;
import dev.factory.testing.DockerCli;
import dev.factory.testing.RequiresDocker;
import dev.factory.testing.TestImages;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Egress on the real engine, with the real proxy image built from Debian's archive. Stand-in
 * upstreams listen on 127.0.0.1 and get names through the proxy's own resolution (egress.hosts);
 * the profiles' containers are on their internal networks, never on the host's, and every probe
 * runs inside them: allowed reached (HTTP and raw TCP), denied refused, an address refused (the
 * reverse-lookup hole Squid has without -n), the metadata address refused, a direct connection
 * fails, a loopback API reached through its endpoint, audit mode records what it let through.
 */
@RequiresDocker
class EgressIT {
    @TempDir
    Path tmp;

    private String p;
    private HttpServer allowedHttp;
    private HttpServer api;
    private ServerSocket raw;
    private Thread rawThread;
    private Path config;
    /** A pool of this test's own: egress networks are the host's, and another config's may hold a slot of the default pool. */
    private final String pool = "10." + (210 + new java.util.Random().nextInt(40)) + ".0.0/16";

    @BeforeEach
    void setUp() throws Exception {
        p = TestImages.uniquePrefix();
        allowedHttp = serve("allowed-upstream-" + p);
        api = serve("paperclip-stand-in-" + p);
        raw = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        rawThread = new Thread(() -> {
            while (!raw.isClosed()) {
                try (Socket s = raw.accept(); OutputStream out = s.getOutputStream()) {
                    out.write(("raw-banner-" + p + "\n").getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    // closed
                }
            }
        });
        rawThread.setDaemon(true);
        rawThread.start();

        String base = DebianBase.ensure();
        config = Files.createDirectories(tmp.resolve("config"));
        Path box = Files.createDirectories(config.resolve("box"));
        Files.copy(TestImages.BUSYBOX, box.resolve("busybox"));
        Files.writeString(box.resolve("Dockerfile"), "ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nCOPY busybox /bin/busybox\n"
                + "RUN [\"/bin/busybox\", \"--install\", \"-s\", \"/bin\"]\n");
        Path egress = Files.createDirectories(config.resolve("egress-proxy"));
        for (String f : new String[] {"Dockerfile", "factory-egress"}) {
            Files.copy(DebianBase.context("egress-proxy").resolve(f), egress.resolve(f));
        }
        egress.resolve("factory-egress").toFile().setExecutable(true);
        write(allow("\"allowed.test:" + port(allowedHttp) + "\", \"allowed.test:" + raw.getLocalPort() + "\""), base);
    }

    private HttpServer serve(String body) throws IOException {
        var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", x -> {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, b.length);
            x.getResponseBody().write(b);
            x.close();
        });
        server.start();
        return server;
    }

    private static int port(HttpServer s) {
        return s.getAddress().getPort();
    }

    private String allow(String list) {
        return "      allow: [" + list + "]\n";
    }

    private void write(String agentAllow, String base) throws IOException {
        write(agentAllow, base, "enforce");
    }

    private void write(String agentAllow, String base, String agentMode) throws IOException {
        Files.writeString(config.resolve("factory.yaml"), "host:\n  name: " + p + "\n  stateDir: ../state\n  build: {network: host}\n"
                + "images:\n"
                + "  " + p + "-box: {context: box, from: scratch}\n"
                + "  " + p + "-egress: {context: egress-proxy, from: \"" + base + "\"}\n"
                + "egress:\n  image: " + p + "-egress\n  pool: " + pool + "\n  hosts: {allowed.test: 127.0.0.1, denied.test: 127.0.0.1}\n"
                + "profiles:\n"
                + "  " + p + "-agent:\n    image: " + p + "-box\n"
                + "    endpoints: {api: \"http://127.0.0.1:" + port(api) + "/\"}\n"
                + "    egress:\n      mode: " + agentMode + "\n" + agentAllow + "      endpoints: [api]\n"
                + "  " + p + "-audited:\n    image: " + p + "-box\n"
                + "    egress: {mode: audit, allow: [\"allowed.test:" + port(allowedHttp) + "\"]}\n"
                + "services:\n"
                + "  " + p + "-agent: {profile: " + p + "-agent, command: [sleep, \"3600\"]}\n"
                + "  " + p + "-audited: {profile: " + p + "-audited, command: [sleep, \"3600\"]}\n");
    }

    @AfterEach
    void tearDown() {
        allowedHttp.stop(0);
        api.stop(0);
        try {
            raw.close();
        } catch (IOException e) {
            // closed
        }
        DockerCli.removeEverythingOwned(p);
    }

    private void applied() {
        var run = cli("apply", "--auto-approve");
        assertEquals(0, run.exitCode(), run.out() + run.err());
    }

    private Cli.Run cli(String... args) {
        var all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--config";
        all[args.length + 1] = config.toString();
        return Cli.run(all);
    }

    /** The first line the proxy answers, asked from inside {@code container} through its gate. */
    private String through(String container, String request) {
        String script = "(printf '" + request + "'; sleep 2) | nc -w 5 factory-egress 3128";
        return DockerCli.run("exec", container, "sh", "-c", script).out();
    }

    private String connect(String container, String host, int port) {
        return through(container, "CONNECT " + host + ":" + port + " HTTP/1.1\\r\\nHost: " + host + ":" + port + "\\r\\n\\r\\n");
    }

    private static String firstLine(String s) {
        return s.lines().findFirst().orElse("");
    }

    @Test
    void onlyTheListGetsOutAndNothingGoesAroundTheProxy() throws Exception {
        var apply = cli("apply", "--auto-approve");
        assertEquals(0, apply.exitCode(), apply.out() + apply.err());
        var again = cli("plan", "--detailed-exitcode");
        assertEquals(0, again.exitCode(), "a second plan is no-op:\n" + again.out() + again.err());

        String agent = p + "-agent-1";
        // the container is on its internal network, not the host's; the network has no route out and no host address
        assertEquals("factory-egress-" + p + "-agent", DockerCli.ok("inspect", "-f", "{{.HostConfig.NetworkMode}}", agent).strip());
        assertEquals("true", DockerCli.ok("network", "inspect", "-f", "{{.Internal}}", "factory-egress-" + p + "-agent").strip());
        assertEquals("true", DockerCli.ok("network", "inspect", "-f", "{{index .Options \"com.docker.network.bridge.inhibit_ipv4\"}}",
                "factory-egress-" + p + "-agent").strip());

        // allowed: HTTP through the proxy, and raw TCP through CONNECT
        String http = through(agent, "GET http://allowed.test:" + port(allowedHttp) + "/ HTTP/1.0\\r\\n\\r\\n");
        assertTrue(firstLine(http).contains(" 200 "), http);
        assertTrue(http.contains("allowed-upstream-" + p), http);
        String tunnel = connect(agent, "allowed.test", raw.getLocalPort());
        assertTrue(firstLine(tunnel).contains(" 200 "), tunnel);
        assertTrue(tunnel.contains("raw-banner-" + p), "the raw bytes came through the tunnel:\n" + tunnel);

        // denied: a name off the list (HTTP and raw), the same upstream by address, private and metadata addresses
        assertTrue(firstLine(through(agent, "GET http://denied.test:" + port(allowedHttp) + "/ HTTP/1.0\\r\\n\\r\\n")).contains(" 403 "));
        String deniedRaw = connect(agent, "denied.test", raw.getLocalPort());
        assertTrue(firstLine(deniedRaw).contains(" 403 ") && !deniedRaw.contains("raw-banner"), deniedRaw);
        for (String address : new String[] {"127.0.0.1", "10.0.0.1", "169.254.169.254", "192.168.1.1"}) {
            String r = connect(agent, address, raw.getLocalPort());
            assertTrue(firstLine(r).contains(" 403 ") && !r.contains("raw-banner"), address + " is refused:\n" + r);
        }
        assertTrue(firstLine(connect(agent, "allowed.test", 22)).contains(" 403 "), "an allowed name on a port the list does not give");

        // around the proxy: no name resolves, the gate serves nothing else, the container's own loopback has nothing
        for (String target : new String[] {"allowed.test " + port(allowedHttp), "factory-egress 22", "127.0.0.1 " + raw.getLocalPort()}) {
            var direct = DockerCli.run("exec", agent, "sh", "-c", "nc -w 3 " + target + " </dev/null && echo connected");
            assertFalse(direct.out().contains("connected") || direct.out().contains("raw-banner"), "direct " + target + ":\n" + direct.out());
        }

        // the loopback API, through the gate, from a container that is not on the host network
        var endpoint = DockerCli.run("exec", agent, "sh", "-c",
                "(printf 'GET / HTTP/1.0\\r\\nHost: x\\r\\n\\r\\n'; sleep 1) | nc -w 5 factory-egress " + port(api) + "; echo; echo \"$FACTORY_ENDPOINT_API\"");
        assertTrue(endpoint.out().contains("paperclip-stand-in-" + p), endpoint.out());
        assertTrue(endpoint.out().contains("http://factory-egress:" + port(api) + "/"), endpoint.out());

        // doctor's egress lines, each proved inside the container
        var doctor = cli("doctor", "--json", "--profile", p + "-agent");
        Map<String, String> lines = new HashMap<>();
        for (JsonNode c : new ObjectMapper().readTree(doctor.out())) lines.put(c.get("connection").asText(), c.get("status").asText() + ": " + c.get("detail").asText());
        for (String line : new String[] {"egress allowed", "egress denied", "egress private", "egress direct", "endpoint api"}) {
            assertTrue(lines.getOrDefault(line, "absent").startsWith("ok: "), line + ": " + lines);
        }
        assertEquals(0, doctor.exitCode(), doctor.out() + doctor.err());
    }

    @Test
    void auditLetsThroughAndRecordsWhatTheListWouldDeny() throws Exception {
        applied();
        String audited = p + "-audited-1";
        String tunnel = connect(audited, "denied.test", raw.getLocalPort());
        assertTrue(tunnel.contains("raw-banner-" + p), "audit lets a host off the list through:\n" + tunnel);
        assertTrue(firstLine(connect(audited, "169.254.169.254", 80)).contains(" 403 "), "but never the metadata address");
        assertTrue(firstLine(through(audited, "GET http://allowed.test:" + port(allowedHttp) + "/ HTTP/1.0\\r\\n\\r\\n")).contains(" 200 "));

        var drift = cli("drift", "--json", "--no-doctor");
        JsonNode report = new ObjectMapper().readTree(drift.out());
        JsonNode profile = null;
        for (JsonNode e : report.get("egress")) if (e.get("profile").asText().equals(p + "-audited")) profile = e;
        assertTrue(profile != null, drift.out());
        assertEquals("audit", profile.get("mode").asText());
        Map<String, JsonNode> byDestination = new HashMap<>();
        profile.get("destinations").forEach(d -> byDestination.put(d.get("host").asText() + ":" + d.get("port").asInt(), d));
        JsonNode denied = byDestination.get("denied.test:" + raw.getLocalPort());
        assertTrue(denied != null && denied.get("listed").isNull() && denied.get("refused").asInt() == 0, "recorded, off the list, let through: " + profile);
        assertEquals("allowed.test:" + port(allowedHttp), byDestination.get("allowed.test:" + port(allowedHttp)).get("listed").asText());
        assertEquals(1, byDestination.get("169.254.169.254:80").get("refused").asInt());

        var markdown = cli("drift", "--no-doctor");
        assertTrue(markdown.out().contains("Profile `" + p + "-audited` (audit):") && markdown.out().contains("**not listed**"), markdown.out());

        var doctor = cli("doctor", "--json", "--profile", p + "-audited");
        assertEquals(0, doctor.exitCode(), doctor.out() + doctor.err());
        Map<String, String> lines = new HashMap<>();
        for (JsonNode c : new ObjectMapper().readTree(doctor.out())) lines.put(c.get("connection").asText(), c.get("status").asText() + ": " + c.get("detail").asText());
        assertEquals("ok: audit mode: a host off the list is let through and recorded", lines.get("egress denied"), lines.toString());
        assertTrue(lines.get("egress private").startsWith("ok: 169.254.169.254 (cloud metadata) is refused"), lines.toString());
        assertTrue(lines.get("egress allowed").startsWith("ok: allowed.test:"), lines.toString());
    }

    @Test
    void aNarrowerListReconfiguresOnlyTheProxyAndTurningEgressOffRemovesItAll() throws Exception {
        applied();
        String agent = p + "-agent-1";
        String containerId = DockerCli.ok("inspect", "-f", "{{.Id}}", agent).strip();
        String gateId = DockerCli.ok("inspect", "-f", "{{.Id}}", "factory-egress-" + p + "-agent-gate").strip();

        write(allow("\"allowed.test:" + port(allowedHttp) + "\""), DebianBase.REF);
        var plan = cli("plan");
        assertTrue(plan.out().contains("egress/" + p + "-agent") && plan.out().contains("proxy configuration changed"), plan.out());
        applied();
        assertEquals(containerId, DockerCli.ok("inspect", "-f", "{{.Id}}", agent).strip(), "the agent's container is untouched");
        assertEquals(gateId, DockerCli.ok("inspect", "-f", "{{.Id}}", "factory-egress-" + p + "-agent-gate").strip(), "so is its gate");
        assertTrue(firstLine(connect(agent, "allowed.test", raw.getLocalPort())).contains(" 403 "), "the raw port is off the list now");
        assertEquals(0, cli("plan", "--detailed-exitcode").exitCode());

        write(allow("\"allowed.test:" + port(allowedHttp) + "\""), DebianBase.REF, "off");
        var off = cli("plan");
        assertTrue(off.out().contains("egress/" + p + "-agent") && off.out().contains("no profile enforces or audits egress as " + p + "-agent"), off.out());
        var applied = cli("apply", "--auto-approve");
        assertEquals(0, applied.exitCode(), applied.out() + applied.err());
        assertEquals("bridge", DockerCli.ok("inspect", "-f", "{{.HostConfig.NetworkMode}}", agent).strip());
        assertFalse(DockerCli.run("network", "inspect", "factory-egress-" + p + "-agent").exitCode() == 0, "the network is gone");
        assertFalse(DockerCli.containerExists("factory-egress-" + p + "-agent-proxy") || DockerCli.containerExists("factory-egress-" + p + "-agent-gate"));
        assertFalse(DockerCli.run("volume", "inspect", "factory-egress-" + p + "-agent").exitCode() == 0, "the volume is gone");
        assertFalse(Files.exists(tmp.resolve("state/egress/" + p + "-agent")), "its files are gone");
        assertTrue(DockerCli.containerExists("factory-egress-" + p + "-audited-gate"), "the other profile's egress stays");
        assertEquals(0, cli("plan", "--detailed-exitcode").exitCode());
    }

    @Test
    void doctorSaysDeafWhenTheProxyIsDownOpenWithoutEgressAndPlanPutsItBack() throws Exception {
        Files.writeString(config.resolve("open.yaml"), "profiles:\n  " + p + "-open: {image: " + p + "-box}\n");
        applied();
        DockerCli.ok("stop", "-t", "1", "factory-egress-" + p + "-agent-proxy");

        var down = cli("doctor", "--json", "--profile", p + "-agent");
        assertEquals(1, down.exitCode(), "a profile whose way out is down is deaf:\n" + down.out());
        Map<String, String> lines = new HashMap<>();
        for (JsonNode c : new ObjectMapper().readTree(down.out())) lines.put(c.get("connection").asText(), c.get("status").asText() + ": " + c.get("detail").asText());
        assertTrue(lines.get("egress allowed").startsWith("deaf: the proxy does not answer at factory-egress:3128"), lines.toString());
        assertTrue(lines.get("egress direct").startsWith("ok: "), "still nothing goes around it: " + lines);

        var open = cli("doctor", "--json", "--profile", p + "-open");
        JsonNode line = null;
        for (JsonNode c : new ObjectMapper().readTree(open.out())) if (c.get("connection").asText().equals("egress")) line = c;
        assertTrue(line != null && line.get("status").asText().equals("unknown") && line.get("detail").asText().startsWith("open: no egress declared"),
                open.out());

        // a profile declared with egress and not applied yet: its containers cannot start, and doctor says what to run
        Files.writeString(config.resolve("late.yaml"), "profiles:\n  " + p + "-late: {image: " + p + "-box, egress: {allow: [allowed.test]}}\n");
        var late = cli("doctor", "--profile", p + "-late");
        assertEquals(1, late.exitCode(), late.out());
        assertTrue(late.out().contains("egress is not set up (its network factory-egress-" + p + "-late is missing): run factory apply"), late.out());

        var plan = cli("plan");
        assertTrue(plan.out().contains("egress/" + p + "-agent") && plan.out().contains("proxy exited"), plan.out());
        assertTrue(plan.out().contains("egress/" + p + "-late"), plan.out());
        applied();
        assertEquals(0, cli("doctor", "--profile", p + "-agent").exitCode(), "apply put the proxy back");
    }
}
