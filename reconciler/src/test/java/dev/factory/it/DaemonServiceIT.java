package dev.factory.it;

import static dev.factory.testing.GitCli.commit;
import static dev.factory.testing.GitCli.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.daemon.WebhookSignature;
import dev.factory.testing.DaemonProcess;
import dev.factory.testing.Cli;
import dev.factory.testing.DockerCli;
import dev.factory.testing.RequiresDocker;
import dev.factory.testing.TestImages;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.hawkular.agent.prometheus.text.TextPrometheusMetricDataParser;
import org.hawkular.agent.prometheus.types.Counter;
import org.hawkular.agent.prometheus.types.Gauge;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon as a service, on the real engine: the shaded jar in a child process, its config in a
 * bare git repo, its HTTP endpoint on 127.0.0.1 and its control socket in the state dir. The
 * schedule's own reconcile is an hour apart, so every reconcile after the first is one this test asked for.
 */
@RequiresDocker
class DaemonServiceIT {
    static final String SECRET = "webhook-secret-for-the-test";

    @TempDir
    Path tmp;

    private String p;
    private Path work;
    private Path state;
    private DaemonProcess daemon;
    private int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void setUp() throws IOException {
        p = TestImages.uniquePrefix();
        state = tmp.resolve("state");
        work = dev.factory.testing.ConfigRepo.init(tmp);
        try (var s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        if (daemon != null) daemon.close();
        DockerCli.removeEverythingOwned(p);
    }

    private String config(String... services) {
        var yaml = new StringBuilder("host:\n  name: " + p + "\n"
                + "images:\n  " + p + "-box:\n    context: box\n    from: scratch\n"
                + "profiles:\n  worker:\n    image: " + p + "-box\n    network: none\n"
                + "jobs:\n  tick: {schedule: 1s, profile: worker, command: [sh, -c, \"echo tick\"]}\n"
                + "schedule:\n  reconcile: 1h\n  autoApply: true\n  jitter: 0\n  driftReport: '0 0 3 * * ?'\n"
                + "  http: {listen: \"127.0.0.1:" + port + "\", webhookSecret: \"${env:FACTORY_TEST_HOOK_SECRET}\"}\n"
                + "services:\n");
        for (String s : services) yaml.append("  ").append(s).append(":\n    profile: worker\n    command: [sleep, \"3600\"]\n");
        return yaml.toString();
    }

    private void push(String yaml, String message) throws IOException {
        commit(work, "cfg/factory.yaml", yaml, message);
        git(work, "push", "origin", "HEAD:main");
    }

    private void startDaemon() throws IOException {
        daemon = DaemonProcess.start(tmp.resolve("daemon.log"), java.util.Map.of("FACTORY_TEST_HOOK_SECRET", SECRET), "daemon", "--repo",
                tmp.resolve("config.git").toUri().toString(), "--path", "cfg", "--state-dir", state.toString());
    }

    private String log() {
        return daemon.log();
    }

    private void await(String what, Duration limit, BooleanSupplier condition) throws Exception {
        daemon.await(what, limit, condition);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> hook(String event, String body, String signature) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hooks/github")).timeout(Duration.ofSeconds(10))
                .header("X-GitHub-Event", event).header("X-GitHub-Delivery", "d-" + System.nanoTime())
                .header("Content-Type", "application/json");
        if (signature != null) request.header("X-Hub-Signature-256", signature);
        return http.send(request.POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private boolean answers(String path, int status) {
        try {
            return get(path).statusCode() == status;
        } catch (Exception e) {
            return false;
        }
    }

    /** Every sample of the scrape, parsed as Prometheus' text format: {@code name{labels}} to value. */
    private Map<String, Double> scrape() throws Exception {
        var body = get("/metrics");
        assertEquals(200, body.statusCode());
        assertTrue(body.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"), body.headers().toString());
        var samples = new HashMap<String, Double>();
        var parser = new TextPrometheusMetricDataParser(new ByteArrayInputStream(body.body().getBytes(StandardCharsets.UTF_8)));
        for (var family = parser.parse(); family != null; family = parser.parse()) {
            for (var metric : family.getMetrics()) {
                double value = metric instanceof Counter c ? c.getValue() : metric instanceof Gauge g ? g.getValue() : Double.NaN;
                var labels = new java.util.TreeMap<>(metric.getLabels());
                samples.put(family.getName() + (labels.isEmpty() ? "" : labels.toString()), value);
            }
        }
        return samples;
    }

    @Test
    void aSignedPushReconcilesAtOnceABadOneDoesNothingAndSuspendHoldsEverything() throws Exception {
        push(config(p + "-a"), "one service");
        startDaemon();
        await("service a from the first reconcile", Duration.ofSeconds(120), () -> DockerCli.containerExists(p + "-a-1"));
        await("ready", Duration.ofSeconds(30), () -> answers("/readyz", 200));
        assertEquals(200, get("/healthz").statusCode());
        Path socket = state.resolve("control/daemon.sock");
        assertTrue(Files.exists(socket), "the control socket is in the state dir");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())),
                "in a directory only root can enter");
        double before = scrape().getOrDefault("factory_reconciles_total{result=applied}", 0.0);
        assertTrue(before >= 1, "the first reconcile is counted: " + scrape());

        push(config(p + "-a", p + "-b"), "a second service");
        String body = "{\"ref\":\"refs/heads/main\",\"after\":\"payload-marker-7f3a\"}";
        assertEquals(401, hook("push", body, "sha256=" + "0".repeat(64)).statusCode(), "a bad signature");
        assertEquals(401, hook("push", body, null).statusCode(), "no signature");
        assertEquals(405, get("/hooks/github").statusCode(), "GET is not a delivery");
        Thread.sleep(3000);
        assertFalse(DockerCli.containerExists(p + "-b-1"), "a rejected delivery triggers nothing");
        assertTrue(log().contains("rejected: missing or bad X-Hub-Signature-256") && !log().contains("payload-marker-7f3a"),
                "logged without the payload:\n" + log());
        assertTrue(log().lines().allMatch(l -> l.startsWith("{\"time\":\"")), "not on a terminal, the log is JSON lines:\n" + log());

        var accepted = hook("push", body, WebhookSignature.header(SECRET.getBytes(StandardCharsets.UTF_8), body.getBytes(StandardCharsets.UTF_8)));
        assertEquals(202, accepted.statusCode(), accepted.body());
        assertEquals("reconcile queued", accepted.body().strip());
        long asked = System.nanoTime();
        // the schedule's own reconcile is an hour away: this one is the push's (its latency is printed, not asserted)
        daemon.awaitLog(Duration.ofSeconds(20), "reconcile requested: push to refs/heads/main", "reconcile started (requested)");
        System.out.println("webhook to reconcile start: " + Duration.ofNanos(System.nanoTime() - asked).toMillis() + " ms");
        await("service b from the push", Duration.ofSeconds(60), () -> DockerCli.containerExists(p + "-b-1"));
        System.out.println("push to container b: " + Duration.ofNanos(System.nanoTime() - asked).toMillis() + " ms");
        await("the reconcile counted", Duration.ofSeconds(10), () -> {
            try {
                return scrape().getOrDefault("factory_reconciles_total{result=applied}", 0.0) > before;
            } catch (Exception e) {
                return false;
            }
        });
        var samples = scrape();
        assertTrue(samples.getOrDefault("factory_changes_total{action=create, kind=container, status=applied}", 0.0) >= 2, samples.toString());
        assertEquals(1.0, samples.get("factory_webhook_deliveries_total{outcome=accepted}"), samples.toString());
        assertTrue(samples.keySet().stream().anyMatch(k -> k.startsWith("factory_docker_api_calls_total{call=GET ")), samples.toString());
        assertTrue(samples.getOrDefault("factory_last_successful_reconcile_timestamp_seconds", 0.0) > 1.7e9, samples.toString() + "\n" + log());
        assertEquals(0.0, samples.get("factory_suspended"));
        assertTrue(samples.get("factory_job_runs_total{job=tick, result=ok}") >= 1, samples.toString());

        var page = get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("container/" + p + "-b-1") && page.body().contains("in sync"), page.body());
        assertEquals(405, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode(), "the page is read-only");
        screenshot("http://127.0.0.1:" + port + "/");

        // suspend: reconciles and jobs skip, in status and on the page; resume brings them back
        String[] on = {"--config", work.resolve("cfg").toString(), "--state-dir", state.toString()};
        var suspended = Cli.run(concat(new String[] {"suspend", "--reason", "maintenance window"}, on));
        assertEquals(0, suspended.exitCode(), suspended.all());
        var status = Cli.run(concat(new String[] {"status"}, on));
        assertTrue(status.out().contains("daemon: running, pid " + daemon.pid()), status.out());
        assertTrue(status.out().contains("SUSPENDED: suspended since") && status.out().contains("maintenance window"), status.out());
        Path ticks = state.resolve("jobs/tick.json");
        Thread.sleep(1500);   // a run that started before the suspension ends
        String ticksBefore = Files.readString(ticks);
        push(config(p + "-a", p + "-b", p + "-c"), "a third service");
        assertEquals("reconcile queued", Cli.run(concat(new String[] {"reconcile"}, on)).out().strip());
        daemon.awaitLog(Duration.ofSeconds(10), "reconcile skipped: suspended since");
        Thread.sleep(3000);
        assertFalse(DockerCli.containerExists(p + "-c-1"), "nothing applied while suspended");
        assertEquals(ticksBefore, Files.readString(ticks), "no job ran while suspended");
        assertEquals(1.0, scrape().get("factory_suspended"));
        assertTrue(get("/").body().contains("<strong>Suspended</strong>"), "the page shows it");

        assertEquals(0, Cli.run(concat(new String[] {"resume"}, on)).exitCode());
        assertEquals("reconcile queued", Cli.run(concat(new String[] {"reconcile"}, on)).out().strip());
        await("service c after resume", Duration.ofSeconds(60), () -> DockerCli.containerExists(p + "-c-1"));
        await("jobs run again", Duration.ofSeconds(20), () -> {
            try {
                return !Files.readString(ticks).equals(ticksBefore);
            } catch (IOException e) {
                return false;
            }
        });

        assertTrue(daemon.stop(Duration.ofSeconds(60)), "the daemon exits on SIGTERM");
        assertFalse(Files.exists(socket), "the socket goes with the daemon");
        var reconcileWithout = Cli.run(concat(new String[] {"reconcile"}, on));
        assertEquals(1, reconcileWithout.exitCode());
        assertTrue(reconcileWithout.err().contains("no daemon answers on"), reconcileWithout.err());
    }

    private static String[] concat(String[] a, String[] b) {
        var all = new ArrayList<>(List.of(a));
        all.addAll(List.of(b));
        return all.toArray(String[]::new);
    }

    /** Headless Chromium loads the status page from 127.0.0.1; the screenshot is kept under target/. */
    private static void screenshot(String url) throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/chromium"))) {
            if ("1".equals(System.getenv("FACTORY_REQUIRE_DOCKER"))) throw new IllegalStateException("chromium is missing: apt-get install -y chromium");
            return;
        }
        Path png = Path.of("target", "daemon-status-page.png").toAbsolutePath();
        Files.deleteIfExists(png);
        var cmd = List.of("/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + Files.createTempDirectory("chromium-profile"),
                "--window-size=1280,1200", "--hide-scrollbars", "--screenshot=" + png, url);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "chromium did not finish");
        assertTrue(Files.exists(png) && Files.size(png) > 10_000, "a rendered screenshot at " + png);
    }
}
