package dev.factory.it;

import static dev.factory.testing.GitCli.commit;
import static dev.factory.testing.GitCli.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.testing.DaemonProcess;
import dev.factory.testing.Cli;
import dev.factory.testing.DockerCli;
import dev.factory.testing.RequiresDocker;
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

/** The real daemon (the shaded jar in a child process) on a schedule of seconds, fed from a git repo. */
@RequiresDocker
class DaemonIT {
    @TempDir
    Path tmp;

    private String p;
    private Path work;
    private Path state;
    private DaemonProcess daemon;

    @BeforeEach
    void setUp() throws IOException {
        p = TestImages.uniquePrefix();
        state = tmp.resolve("state");
        work = dev.factory.testing.ConfigRepo.init(tmp);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        if (daemon != null) daemon.close();
        DockerCli.removeEverythingOwned(p);
    }

    private String config(String services, String extraImages) {
        return "host:\n  name: " + p + "\n"
                + "images:\n  " + p + "-box:\n    context: box\n    from: scratch\n" + extraImages
                + "profiles:\n  worker:\n    image: " + p + "-box\n    network: none\n"
                + "services:\n" + services
                + "jobs:\n  tick: {schedule: 2s, profile: worker, command: [sh, -c, \"echo tick\"]}\n"
                + "schedule:\n  reconcile: 2s\n  autoApply: true\n  jitter: 0\n  driftReport: 3s\n  drift: {keep: 3, doctor: false}\n";
    }

    private static String service(String name) {
        return "  " + name + ":\n    profile: worker\n    command: [sleep, \"3600\"]\n";
    }

    private void push(String yaml, String message) throws IOException {
        commit(work, "cfg/factory.yaml", yaml, message);
        git(work, "push", "origin", "HEAD:main");
    }

    private void startDaemon() throws IOException {
        daemon = DaemonProcess.start(tmp.resolve("daemon.log"), "daemon", "--repo", tmp.resolve("config.git").toUri().toString(), "--path", "cfg",
                "--state-dir", state.toString());
    }

    private void await(String what, Duration limit, BooleanSupplier condition) throws Exception {
        daemon.await(what, limit, condition);
    }

    @Test
    void picksUpAPushedConfigChangeRunsJobsAndWritesReports() throws Exception {
        push(config(service(p + "-a"), ""), "one service");
        startDaemon();
        await("service a", Duration.ofSeconds(90), () -> DockerCli.containerExists(p + "-a-1"));

        push(config(service(p + "-a") + service(p + "-b"), ""), "a second service");
        await("service b, without a restart", Duration.ofSeconds(60), () -> DockerCli.containerExists(p + "-b-1"));

        await("job runs recorded", Duration.ofSeconds(30), () -> {
            try {
                return Files.exists(state.resolve("jobs/tick.json")) && Files.readString(state.resolve("jobs/tick.json")).contains("tick");
            } catch (IOException e) {
                return false;
            }
        });
        await("drift reports", Duration.ofSeconds(30), () -> {
            try (var files = Files.list(state.resolve("drift"))) {
                return files.anyMatch(f -> f.toString().endsWith(".html"));
            } catch (IOException e) {
                return false;
            }
        });
        var status = Cli.run("status", "--repo", tmp.resolve("config.git").toUri().toString(), "--path", "cfg", "--state-dir", state.toString(), "--json");
        assertTrue(status.out().contains("\"result\" : \"") && status.out().contains("\"name\" : \"tick\""), status.all());

        assertTrue(daemon.stop(Duration.ofSeconds(60)), "the daemon exits on SIGTERM");
        assertTrue(Files.readString(tmp.resolve("daemon.log")).contains("factory daemon stopped"));
    }

    @Test
    void sigtermDuringAnApplyLeavesAJournalTheNextApplyResumesFrom() throws Exception {
        Path slow = work.resolve("cfg/slow");
        Files.createDirectories(slow);
        Files.writeString(slow.resolve("Dockerfile"), "ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nRUN [\"sleep\", \"6\"]\n");
        Path child = Files.createDirectories(work.resolve("cfg/child"));
        Files.writeString(child.resolve("Dockerfile"), "ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nRUN [\"true\"]\n");
        String images = "  " + p + "-slow:\n    context: slow\n    from: " + p + "-box\n  " + p + "-child:\n    context: child\n    from: " + p + "-slow\n";
        push(config(service(p + "-a"), images), "a slow build with a child");
        startDaemon();
        Path journal = state.resolve("journal.jsonl");
        await("the slow build to start", Duration.ofSeconds(90), () -> {
            try {
                return Files.exists(journal) && Files.readString(journal).contains("\"address\":\"image/" + p + "-slow\"");
            } catch (IOException e) {
                return false;
            }
        });
        var cfgArgs = new String[] {"--repo", tmp.resolve("config.git").toUri().toString(), "--path", "cfg", "--state-dir", state.toString()};
        var manual = Cli.run(concat(new String[] {"apply", "--auto-approve"}, cfgArgs));
        assertEquals(1, manual.exitCode(), "a manual apply never interleaves with the daemon's: " + manual.all());
        assertTrue(manual.err().contains("pid " + daemon.pid()) && manual.err().contains("factory daemon reconcile"), manual.err());

        // SIGTERM while image/slow builds
        assertTrue(daemon.stop(Duration.ofSeconds(120)), "the daemon exits once the change in flight is done");

        String lines = Files.readString(journal);
        assertTrue(lines.lines().anyMatch(l -> l.contains("\"phase\":\"end\"") && l.contains("image/" + p + "-slow")), "the change in flight finished:\n" + lines);
        assertTrue(lines.lines().anyMatch(l -> l.contains("\"phase\":\"skip\"") && l.contains("shutting down")), "the rest is journaled as skipped:\n" + lines);

        var args = cfgArgs;
        var resume = Cli.run(concat(new String[] {"apply", "--auto-approve"}, args));
        assertEquals(0, resume.exitCode(), resume.all());
        assertTrue(DockerCli.imageExists(p + "-child:latest") && DockerCli.containerExists(p + "-a-1"));
        assertEquals(0, Cli.run(concat(new String[] {"plan", "--detailed-exitcode"}, args)).exitCode(), "converged");
    }

    private static String[] concat(String[] a, String[] b) {
        var out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
