package dev.factory.it;

import static dev.factory.testing.GitCli.commit;
import static dev.factory.testing.GitCli.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.factory.testing.DaemonProcess;
import dev.factory.testing.Cli;
import dev.factory.testing.ConfigRepo;
import dev.factory.testing.RequiresDocker;
import dev.factory.testing.SecondEngine;
import dev.factory.testing.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live drift on a real engine of the test's own (so it can be restarted): the daemon follows the
 * engine's events and the rendered files' notifications. Its interval reconcile is an hour away,
 * so anything put back or reported here was live drift's doing. Latencies are printed, not asserted.
 */
@RequiresDocker
class LiveDriftIT {
    static final Duration LIMIT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    private SecondEngine engine;
    private String p;
    private Path work;
    private Path state;
    private Path notes;
    private DaemonProcess daemon;

    @BeforeEach
    void setUp() throws Exception {
        dev.factory.testing.FileTrees.requireRoot();
        p = TestImages.uniquePrefix();
        state = tmp.resolve("state");
        notes = tmp.resolve("rendered/notes.txt");
        work = ConfigRepo.init(tmp);
        // no RUN step: a build container would need the engine's bridge, and this engine's is a loopback-only stand-in
        Files.writeString(work.resolve("cfg/box/Dockerfile"), "ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nCOPY busybox /bin/busybox\n");
        engine = SecondEngine.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (daemon != null) daemon.close();
        if (engine != null) engine.close();
    }

    private String config(boolean autoApply) {
        return "host:\n  name: " + p + "\n  dockerHost: " + engine.host() + "\n"
                + "images:\n  " + p + "-box:\n    context: box\n    from: scratch\n"
                + "profiles:\n  worker:\n    image: " + p + "-box\n    network: none\n"
                + "services:\n  " + p + "-web:\n    profile: worker\n    command: [/bin/busybox, sleep, \"3600\"]\n"
                + "files:\n  notes: {path: " + notes + ", content: \"kept by factory\\n\"}\n"
                + "schedule:\n  reconcile: 1h\n  autoApply: " + autoApply + "\n  jitter: 0\n  driftReport: '0 0 3 * * ?'\n";
    }

    private void publish(String yaml) throws IOException {
        commit(work, "cfg/factory.yaml", yaml, "config");
        git(work, "push", "origin", "HEAD:main");
    }

    private void startDaemon() throws IOException {
        daemon = DaemonProcess.start(tmp.resolve("daemon.log"), "daemon", "--repo", tmp.resolve("config.git").toUri().toString(), "--path", "cfg",
                "--state-dir", state.toString(), "--log-format", "text");
    }

    private String log() {
        return daemon.log();
    }

    /** Waits for {@code condition}; returns how long it took. */
    private Duration await(String what, BooleanSupplier condition) throws InterruptedException {
        return daemon.await(what, LIMIT, condition, () -> "\nengine:\n" + tail(engine.log()));
    }

    private static String tail(String text) {
        return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
    }

    /** The id of the running container of the web service, or "". */
    private String web() {
        var r = engine.docker("ps", "-q", "--no-trunc", "--filter", "label=dev.factory.address=container/" + p + "-web-1",
                "--filter", "status=running");
        return r.exitCode() == 0 ? r.out().strip() : "";
    }

    private String notes() {
        try {
            return Files.readString(notes);
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    void withAutoApplyWhatIsRemovedOrEditedByHandComesBackAndARestartedEngineIsFollowedAgain() throws Exception {
        publish(config(true));
        startDaemon();
        await("the first reconcile", () -> !web().isEmpty() && notes().equals("kept by factory\n"));
        await("the event stream", () -> log().contains("watching the engine's events at " + engine.host()));

        String first = web();
        engine.dockerOk("rm", "-f", first);
        var back = await("the removed container back", () -> !web().isEmpty() && !web().equals(first));
        System.out.println("live drift: container removed by hand, back running in " + back.toMillis() + " ms");
        assertTrue(log().contains("live drift: container " + p + "-web-1 destroy")
                || log().contains("live drift: container " + p + "-web-1 die"), log());
        await("the live reconcile logged", () -> log().contains("live reconcile of container/" + p + "-web-1: applied 1, failed 0"));

        Files.writeString(notes, "edited by an agent\n");
        var restored = await("the edited file restored", () -> notes().equals("kept by factory\n"));
        System.out.println("live drift: rendered file edited by hand, restored in " + restored.toMillis() + " ms");
        await("the live reconcile logged", () -> log().contains("live reconcile of file/notes: applied 1"));

        // the engine restarts: the stream drops, is reopened, and a full reconcile covers the gap
        engine.down();
        await("the stream to notice", () -> log().contains("engine event stream ended"));
        engine.up();
        await("the stream reopened", () -> log().contains("engine event stream reopened"));
        await("the service running again", () -> !web().isEmpty());
        String second = web();
        engine.dockerOk("rm", "-f", second);
        var again = await("the container back after the restart", () -> !web().isEmpty() && !web().equals(second));
        System.out.println("live drift: after an engine restart, container removed by hand back in " + again.toMillis() + " ms");

        // a no-op: what live drift applied is what the config says
        var plan = Cli.run("plan", "--detailed-exitcode", "--config", work.resolve("cfg").toString(), "--state-dir", state.toString());
        assertEquals(0, plan.exitCode(), plan.all());
    }

    @Test
    void withoutAutoApplyARemovedContainerIsReportedAsDriftAndLeftAlone() throws Exception {
        publish(config(false));
        String[] on = {"--config", work.resolve("cfg").toString(), "--state-dir", state.toString()};
        var applied = Cli.run(concat(new String[] {"apply", "--auto-approve"}, on));
        assertEquals(0, applied.exitCode(), applied.all());
        startDaemon();
        await("the event stream", () -> log().contains("watching the engine's events"));
        await("the first reconcile", () -> log().contains("reconcile: no-changes"));

        engine.dockerOk("rm", "-f", web());
        var listed = await("the drift listed by factory status", () -> {
            var status = Cli.run(concat(new String[] {"status", "--json"}, on));
            try {
                var drift = new ObjectMapper().readTree(status.out()).path("daemon").path("drift");
                for (var d : drift) if (d.path("address").asText().equals("container/" + p + "-web-1")) return d.path("action").asText().equals("create");
                return false;
            } catch (IOException e) {
                return false;
            }
        });
        System.out.println("live drift: removed container listed as drift in " + listed.toMillis() + " ms");
        assertTrue(log().contains("drift: container/" + p + "-web-1 create"), log());
        var text = Cli.run(concat(new String[] {"status"}, on)).out();
        assertTrue(text.contains("drift: container/" + p + "-web-1 create") && text.contains("watching engine events"), text);
        Thread.sleep(2000);
        assertTrue(web().isEmpty(), "without autoApply nothing is put back");
        assertFalse(log().contains("applied 1"), log());

        Files.writeString(notes, "edited\n");
        await("the edited file listed", () -> Cli.run(concat(new String[] {"status"}, on)).out().contains("drift: file/notes update"));
        assertEquals("edited\n", notes(), "left as it is");
        assertNotEquals("", log());
    }

    private static String[] concat(String[] a, String[] b) {
        var out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
