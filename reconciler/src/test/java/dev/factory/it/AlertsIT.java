package dev.factory.it;

import static dev.factory.testing.GitCli.commit;
import static dev.factory.testing.GitCli.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.factory.testing.DaemonProcess;
import dev.factory.testing.Cli;
import dev.factory.testing.ConfigRepo;
import dev.factory.testing.DockerCli;
import dev.factory.testing.RequiresDocker;
import dev.factory.testing.TestImages;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alerts on the real engine: the daemon (the real jar) sends to a JSON webhook and a Slack-style
 * webhook served on 127.0.0.1 by this test, and to a command. Each condition is driven into holding
 * and out again by config pushes, hand removals and `factory reconcile`; each must arrive once when
 * it starts and once when it clears, and the webhook secret in the URL must never reach the log.
 */
@RequiresDocker
class AlertsIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String TOKEN = "alert-path-token-7f3a9c";

    @TempDir
    Path tmp;

    private String p;
    private Path work;
    private Path state;
    private DaemonProcess daemon;
    private HttpServer receiver;
    private final List<JsonNode> hook = new CopyOnWriteArrayList<>();
    private final List<JsonNode> slack = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        p = TestImages.uniquePrefix();
        state = tmp.resolve("state");
        work = ConfigRepo.init(tmp);
        Path broken = work.resolve("cfg/broken");
        Files.createDirectories(broken);
        Files.copy(work.resolve("cfg/box/busybox"), broken.resolve("busybox"));
        Files.writeString(broken.resolve("Dockerfile"), "ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nCOPY busybox /bin/busybox\nRUN [\"/bin/busybox\", \"false\"]\n");
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            var node = JSON.readTree(new String(body, StandardCharsets.UTF_8));
            if (exchange.getRequestURI().getPath().equals("/" + TOKEN + "/json")) hook.add(node);
            else if (exchange.getRequestURI().getPath().equals("/" + TOKEN + "/slack")) slack.add(node);
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        if (daemon != null) daemon.close();
        if (receiver != null) receiver.stop(0);
        DockerCli.removeEverythingOwned(p);
    }

    private String config(boolean autoApply, boolean brokenImage, int jobExit, int diskAlertAt) {
        String base = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/${env:FACTORY_TEST_ALERT_TOKEN}";
        return "host:\n  name: " + p + "\n  disk: {path: /, alertAtPercent: " + diskAlertAt + "}\n"
                + "images:\n  " + p + "-box: {context: box, from: scratch}\n"
                + (brokenImage ? "  " + p + "-broken: {context: broken, from: scratch}\n" : "")
                + "profiles:\n  worker: {image: " + p + "-box, network: none}\n"
                + "services:\n  " + p + "-web: {profile: worker, command: [sleep, \"3600\"]}\n"
                + "jobs:\n  flaky: {schedule: 1s, profile: worker, failAfter: 2, command: [sh, -c, \"exit " + jobExit + "\"]}\n"
                + "schedule: {reconcile: 1h, autoApply: " + autoApply + ", jitter: 0, driftReport: '0 0 3 * * ?'}\n"
                + "notify:\n"
                + "  ops: {webhook: \"" + base + "/json\", on: [reconcile-failed, applied, drift, job-failing, disk, runner-offline, doctor-deaf]}\n"
                + "  chat: {slack: \"" + base + "/slack\", on: [disk]}\n"
                + "  script: {command: [/bin/sh, -c, \"cat >> " + tmp.resolve("command.jsonl") + "; echo >> " + tmp.resolve("command.jsonl") + "\"], on: [job-failing]}\n";
    }

    private void publish(String yaml) throws IOException {
        commit(work, "cfg/factory.yaml", yaml, "config");
        git(work, "push", "origin", "HEAD:main");
    }

    private String log() {
        return daemon.log();
    }

    private void await(String what, BooleanSupplier condition) throws InterruptedException {
        daemon.await(what, Duration.ofSeconds(60), condition, () -> "; the webhook got " + hook);
    }

    /** How many times the daemon has logged a run of the job. */
    private int jobRuns() {
        return log().split("job flaky exited", -1).length - 1;
    }

    /** The alerts of this condition and state the JSON webhook received. */
    private java.util.stream.Stream<JsonNode> alerts(String condition, String state) {
        return hook.stream().flatMap(m -> {
            var out = new ArrayList<JsonNode>();
            m.path("alerts").forEach(out::add);
            return out.stream();
        }).filter(a -> a.path("condition").asText().equals(condition) && a.path("state").asText().equals(state));
    }

    /** How many alerts of this condition and state the JSON webhook received. */
    private long received(String condition, String state) {
        return alerts(condition, state).count();
    }

    /** How many alerts of this condition and state about {@code subject} the JSON webhook received. */
    private long received(String condition, String state, String subject) {
        return alerts(condition, state).filter(a -> a.path("subject").asText().equals(subject)).count();
    }

    private String[] on(String... args) {
        var all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--config", work.resolve("cfg").toString(), "--state-dir", state.toString()));
        return all.toArray(String[]::new);
    }

    private void reconcileNow() {
        var r = Cli.run(on("reconcile"));
        assertEquals(0, r.exitCode(), r.all());
    }

    private String web() {
        return DockerCli.run("ps", "-q", "--filter", "label=dev.factory.address=container/" + p + "-web-1", "--filter", "status=running").out().strip();
    }

    @Test
    void eachConditionArrivesOnceWhenItStartsAndOnceWhenItClears() throws Exception {
        publish(config(true, true, 3, 1));
        daemon = DaemonProcess.start(tmp.resolve("daemon.log"), java.util.Map.of("FACTORY_TEST_ALERT_TOKEN", TOKEN), "daemon", "--repo",
                tmp.resolve("config.git").toUri().toString(), "--path", "cfg", "--state-dir", state.toString(), "--log-format", "text");

        // the first reconcile: the broken image fails it, the rest applies; the disk is over a 1% line; the job fails twice.
        // The image its build failed is drift too (operations.md: "when applying it failed"): still not as the config says
        String brokenImage = "image/" + p + "-broken";
        String webContainer = "container/" + p + "-web-1";
        await("the first alerts", () -> received("reconcile-failed", "firing") == 1 && received("disk", "firing") == 1
                && received("job-failing", "firing") == 1 && received("applied", "event") >= 1 && received("drift", "firing", brokenImage) == 1);
        reconcileNow();   // the same failure again: nothing new
        await("the second reconcile", () -> log().split("reconcile: applied", -1).length >= 3);
        int runs = jobRuns();
        await("three more failing job runs", () -> jobRuns() >= runs + 3);   // each one could have alerted again
        assertEquals(1, received("reconcile-failed", "firing"), "a failure that persists is said once");
        assertEquals(1, received("disk", "firing"));
        assertEquals(1, received("job-failing", "firing"));

        // the fix: plan-only, no broken image, the job passes, the disk line at 99%
        publish(config(false, false, 0, 99));
        reconcileNow();
        await("the clears", () -> received("reconcile-failed", "cleared") == 1 && received("disk", "cleared") == 1
                && received("job-failing", "cleared") == 1 && received("drift", "cleared", brokenImage) == 1);

        // drift without autoApply: a container removed by hand is drift at once
        DockerCli.ok("rm", "-f", web());
        await("drift", () -> received("drift", "firing", webContainer) == 1);
        publish(config(true, false, 0, 99));
        reconcileNow();
        await("drift cleared", () -> received("drift", "cleared", webContainer) == 1 && !web().isEmpty());

        int later = jobRuns();
        await("two more job runs", () -> jobRuns() >= later + 2);   // the daemon went on; anything said twice would be in by now
        assertEquals(1, received("reconcile-failed", "firing"));
        assertEquals(1, received("reconcile-failed", "cleared"));
        assertEquals(1, received("disk", "cleared"));
        assertEquals(1, received("job-failing", "cleared"));
        for (String subject : List.of(brokenImage, webContainer)) {
            assertEquals(1, received("drift", "firing", subject), () -> subject + ": the webhook got " + hook);
            assertEquals(1, received("drift", "cleared", subject), () -> subject + ": the webhook got " + hook);
        }
        assertEquals(2, received("drift", "firing"), () -> "the webhook got " + hook);
        assertEquals(2, received("drift", "cleared"));
        assertEquals(0, received("runner-offline", "firing") + received("doctor-deaf", "firing"), "nothing else was said");

        // slack heard the disk only, as {text}
        assertEquals(2, slack.size(), slack.toString());
        assertTrue(slack.get(0).path("text").asText().startsWith("factory on " + p + ":\n[FIRING] disk over the alert line: / ("), slack.toString());
        assertTrue(slack.get(1).path("text").asText().contains("[CLEARED] disk over the alert line: /"), slack.toString());
        // the command heard the job, the JSON on its stdin
        var lines = Files.readAllLines(tmp.resolve("command.jsonl")).stream().filter(l -> !l.isBlank()).toList();
        assertEquals(2, lines.size(), lines.toString());
        assertEquals("firing", JSON.readTree(lines.get(0)).path("alerts").get(0).path("state").asText());
        assertEquals("flaky", JSON.readTree(lines.get(0)).path("alerts").get(0).path("subject").asText());
        assertEquals("cleared", JSON.readTree(lines.get(1)).path("alerts").get(0).path("state").asText());
        assertTrue(hook.stream().allMatch(m -> m.path("host").asText().equals(p)), hook.toString());
        // the URL's secret part never reaches the log
        assertTrue(log().contains("notify.ops: sent"), log());
        assertTrue(!log().contains(TOKEN), "the webhook token leaked into the log");
    }
}
