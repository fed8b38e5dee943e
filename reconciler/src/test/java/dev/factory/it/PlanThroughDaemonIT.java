package dev.factory.it;

import static dev.factory.testing.GitCli.commit;
import static dev.factory.testing.GitCli.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.testing.DaemonProcess;
import dev.factory.testing.Cli;
import dev.factory.testing.DockerCli;
import dev.factory.testing.GitDaemon;
import dev.factory.testing.RequiresDocker;
import dev.factory.testing.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code factory plan} answered by a running daemon equals the plan made cold in the CLI, after
 * each kind of change: a config edit, a container removed by hand, a rendered file edited by hand,
 * and a new commit on a clone's remote (fetched at once with {@code interval: 0s}, and with
 * {@code --refresh} inside a 1h interval); and {@code factory apply} ends on the daemon's plan only
 * when that plan has nothing to do. The daemon neither applies (no autoApply) nor reconciles
 * in the test's time (1h interval), so both plans see the same host.
 */
@RequiresDocker
class PlanThroughDaemonIT {
    @TempDir
    Path tmp;

    private String p;
    private Path config;
    private Path state;
    private Path notes;
    private Path upstream;
    private GitDaemon gitDaemon;
    private String url;
    private DaemonProcess daemon;

    @BeforeEach
    void setUp() throws Exception {
        p = TestImages.uniquePrefix();
        config = tmp.resolve("config");
        state = tmp.resolve("state");
        notes = tmp.resolve("rendered/notes.txt");
        TestImages.busyboxContext(config.resolve("box"), "hello.txt", "hello\n");
        Path remotes = Files.createDirectories(tmp.resolve("remotes"));
        dev.factory.testing.GitCli.bareWithCommit(remotes, "app", "README.md", "app\n");
        upstream = remotes.resolve("app-seed");   // the work tree bareWithCommit pushed from
        gitDaemon = GitDaemon.serve(remotes);
        url = gitDaemon.url("app.git");
        writeConfig("kept by factory", "0s");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (daemon != null) daemon.close();
        if (gitDaemon != null) gitDaemon.close();
        DockerCli.removeEverythingOwned(p);
    }

    private void writeConfig(String noteText, String interval) throws IOException {
        Files.writeString(config.resolve("factory.yaml"), "host:\n  name: " + p + "\n  stateDir: ../state\n"
                + "images:\n  " + p + "-box:\n    context: box\n    from: scratch\n"
                + "profiles:\n  worker:\n    image: " + p + "-box\n    network: none\n"
                + "services:\n  " + p + "-web:\n    profile: worker\n    command: [/bin/busybox, sleep, \"3600\"]\n"
                + "files:\n  notes: {path: " + notes + ", content: \"" + noteText + "\\n\"}\n"
                + "repos:\n  app:\n    url: " + url + "\n    path: " + tmp.resolve("clones/app") + "\n    interval: " + interval + "\n"
                + "schedule:\n  reconcile: 1h\n  autoApply: false\n  jitter: 0\n  driftReport: '0 0 3 * * ?'\n");
    }

    private Cli.Run plan(String... more) {
        var args = new java.util.ArrayList<>(java.util.List.of("plan", "--detailed-exitcode", "--config", config.toString(), "--state-dir", state.toString()));
        args.addAll(java.util.List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    /**
     * Plans through the daemon twice (as a shell runs factory: the daemon renders the text; and through the
     * whole command line: the daemon's plan as JSON), then cold; all three must say the same, and the first
     * two must have come from the daemon.
     */
    private Cli.Run assertSamePlan(String after, String... more) {
        var args = new java.util.ArrayList<>(java.util.List.of("plan", "--detailed-exitcode", "--config", config.toString(), "--state-dir", state.toString()));
        args.addAll(java.util.List.of(more));
        var fast = Cli.execute(args.toArray(String[]::new));
        var warm = plan(more);
        var extra = new java.util.ArrayList<>(java.util.List.of(more));
        extra.add("--no-daemon");
        var cold = plan(extra.toArray(String[]::new));
        assertTrue(fast.err().contains("planned by the running factory daemon"), after + ": not answered by the daemon:\n" + fast.all());
        assertTrue(warm.err().contains("planned by the running factory daemon"), after + ": not answered by the daemon:\n" + warm.all());
        assertFalse(cold.err().contains("planned by the running factory daemon"), cold.all());
        assertEquals(cold.out(), fast.out(), after + ": the daemon's rendered plan differs from the cold one");
        assertEquals(cold.out(), warm.out(), after + ": the daemon's plan differs from the cold one");
        assertEquals(cold.exitCode(), fast.exitCode(), after);
        assertEquals(cold.exitCode(), warm.exitCode(), after);
        var python = Cli.python(args.toArray(String[]::new));   // the launcher's client, before any JVM
        assertTrue(python.err().contains("planned by the running factory daemon"), after + ": the Python client was not answered:\n" + python.all());
        assertEquals(cold.out(), python.out(), after + ": the Python client printed another plan");
        assertEquals(cold.exitCode(), python.exitCode(), after);
        return warm;
    }

    /**
     * A no-op {@code factory apply} as a shell runs it (a running daemon may answer it) and cold: the same
     * output and exit code; returns the first.
     */
    private Cli.Run assertSameApply(String after) {
        var fast = Cli.execute("apply", "--auto-approve", "--config", config.toString(), "--state-dir", state.toString());
        var cold = applyWhenFree("apply", "--auto-approve", "--no-daemon", "--config", config.toString(), "--state-dir", state.toString());
        assertFalse(cold.err().contains("planned by the running factory daemon"), cold.all());
        assertEquals(cold.out(), fast.out(), after + ": apply answered by the daemon printed another plan");
        assertEquals(0, cold.exitCode(), cold.all());
        assertEquals(cold.exitCode(), fast.exitCode(), after);
        var python = Cli.python("apply", "--auto-approve", "--config", config.toString(), "--state-dir", state.toString());
        assertEquals(cold.out(), python.out(), after + ": the Python client printed another plan\n" + python.err());
        assertEquals(0, python.exitCode(), python.all());
        return fast;
    }

    /**
     * An apply in this process, again while the daemon holds the state lock (its live drift may reconcile
     * after a change by hand; an apply is refused, by design, while another holds the lock).
     */
    private static Cli.Run applyWhenFree(String... args) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            var run = Cli.execute(args);
            if (run.exitCode() == 0 || !run.err().contains("another factory apply is running") || System.nanoTime() > deadline) return run;
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return run;
            }
        }
    }

    private void startDaemon() throws Exception {
        daemon = DaemonProcess.start(tmp.resolve("daemon.log"), "daemon", "--config", config.toString(), "--state-dir", state.toString(), "--log-format", "text");
        daemon.awaitLog(Duration.ofSeconds(60), "control socket ");
        daemon.awaitLog(Duration.ofSeconds(120), "reconcile: ");   // its first reconcile (a plan) holds the state lock
    }

    @Test
    void theDaemonsPlanIsTheColdPlanAfterEachKindOfChange() throws Exception {
        var applied = Cli.run("apply", "--auto-approve", "--config", config.toString(), "--state-dir", state.toString());
        assertEquals(0, applied.exitCode(), applied.all());
        startDaemon();

        assertEquals(0, assertSamePlan("a no-op").exitCode());
        var noop = assertSameApply("a no-op");
        assertTrue(noop.err().contains("planned by the running factory daemon"), "nothing to do: the daemon's plan said so\n" + noop.all());

        writeConfig("edited in the config", "0s");
        var edited = assertSamePlan("a config edit");
        assertTrue(edited.out().contains("file/notes"), edited.out());
        writeConfig("kept by factory", "0s");

        DockerCli.ok("rm", "-f", p + "-web-1");
        var removed = assertSamePlan("a container removed by hand");
        assertTrue(removed.out().contains("+ container/" + p + "-web-1"), removed.out());
        // a change to make: apply never leaves it to the daemon; this process plans and applies it
        var recreated = applyWhenFree("apply", "--auto-approve", "--config", config.toString(), "--state-dir", state.toString());
        assertEquals(0, recreated.exitCode(), recreated.all());
        assertFalse(recreated.err().contains("planned by the running factory daemon"), recreated.all());
        assertTrue(recreated.out().contains("Apply complete: 1 applied"), recreated.out());
        assertTrue(DockerCli.containerExists(p + "-web-1"));
        assertEquals(0, assertSamePlan("the container made again").exitCode());
        DockerCli.ok("rm", "-f", p + "-web-1");

        Files.writeString(notes, "edited by an agent\n");
        var file = assertSamePlan("a rendered file edited by hand");
        assertTrue(file.out().contains("~ file/notes"), file.out());

        Files.writeString(notes, "kept by factory\n");
        Files.writeString(config.resolve("box/hello.txt"), "edited in the context\n");
        var context = assertSamePlan("a build context file edited");
        assertTrue(context.out().contains("-/+ image/" + p + "-box"), context.out());
        Files.writeString(config.resolve("box/hello.txt"), "hello\n");
        var undone = assertSamePlan("the context edit undone");
        assertFalse(undone.out().contains("image/" + p + "-box "), undone.out());

        DockerCli.ok("rmi", "-f", p + "-box:latest");
        var untagged = assertSamePlan("an image removed by hand");
        assertTrue(untagged.out().contains("+ image/" + p + "-box"), untagged.out());
        var reapplied = Cli.run("apply", "--auto-approve", "--config", config.toString(), "--state-dir", state.toString());
        assertEquals(0, reapplied.exitCode(), reapplied.all());

        commit(upstream, "NEWS.md", "news\n", "second");
        git(upstream, "push", "origin", "HEAD:main");
        var behind = assertSamePlan("a new remote commit, interval 0s");

        assertTrue(behind.out().contains("fast-forward 1 commit to origin/main"), behind.out());

        writeConfig("kept by factory", "1h");
        commit(upstream, "MORE.md", "more\n", "third");
        git(upstream, "push", "origin", "HEAD:main");
        var refreshed = assertSamePlan("a new remote commit, --refresh", "--refresh");
        assertTrue(refreshed.out().contains("fast-forward 2 commits to origin/main"), refreshed.out());

        // FACTORY_PLAN_HERE (set by the launcher on the run that dumps its class archive) plans here, as --no-daemon does
        var here = dev.factory.testing.Jar.run(java.util.Map.of("FACTORY_PLAN_HERE", "1"), "plan", "--config", config.toString(), "--state-dir", state.toString());
        assertEquals(0, here.exitCode(), here.all());
        assertFalse(here.err().contains("planned by the running factory daemon"), here.all());
        // the same plan, but for how old the remote view is when each was made (a second may pass between them)
        assertEquals(withoutRemoteAge(plan("--no-daemon").out()), withoutRemoteAge(here.out()));
        assertTrue(plan().err().contains("planned by the running factory daemon"), "without it the daemon answers");

        // a config whose state dir is not the daemon's is planned here, silently
        var other = Cli.run("plan", "--config", config.toString(), "--state-dir", tmp.resolve("other-state").toString());
        assertFalse(other.err().contains("planned by the running factory daemon"), other.all());
    }

    private static String withoutRemoteAge(String plan) {
        return plan.replaceAll("remote as of \\d+s ago", "remote as of Ns ago");
    }
}
