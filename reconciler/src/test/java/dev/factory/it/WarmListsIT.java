package dev.factory.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.docker.DockerGateway;
import dev.factory.docker.WarmLists;
import dev.factory.engine.port.EngineContainer;
import dev.factory.engine.port.EngineImage;
import dev.factory.testing.Await;
import dev.factory.testing.DockerCli;
import dev.factory.testing.RequiresDocker;
import dev.factory.testing.TestImages;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's warm container and image lists against the real engine: reused while nothing
 * happened (no list call), and never once a change was made by hand, however soon the next
 * observation comes.
 */
@RequiresDocker
class WarmListsIT {
    @TempDir
    Path tmp;

    final String p = TestImages.uniquePrefix() + "-warm";
    final String image = p + "-img";
    final String running = p + "-running";
    final String byHand = p + "-byhand";

    @BeforeEach
    void setUp() throws Exception {
        Path ctx = TestImages.busyboxContext(tmp.resolve("ctx"), "w.txt", "warm\n");
        DockerCli.ok("build", "-q", "-t", image, "--build-arg", "BASE_IMAGE=scratch", ctx.toString());
        DockerCli.ok("run", "-d", "--name", running, "--network", "none", image, "/bin/busybox", "sleep", "3600");
    }

    @AfterEach
    void tearDown() {
        DockerCli.run("rm", "-f", running, byHand);
        DockerCli.run("rmi", "-f", image, image + "-retagged");
    }

    record Seen(java.util.Map<String, String> containers, Set<String> tags, long containerLists, long imageLists, String noise) {
        Seen(java.util.Map<String, String> containers, Set<String> tags, long containerLists, long imageLists) {
            this(containers, tags, containerLists, imageLists, "");
        }
    }

    /** One observation, and the list calls this gateway made for it (other clients in this JVM are not counted). */
    private static Seen observe(DockerGateway gateway) {
        var before = gateway.apiCalls();
        gateway.beginObservation();
        try {
            var names = new java.util.TreeMap<String, String>();
            for (EngineContainer c : gateway.containers().listContainers()) names.put(c.name(), c.state());
            var tags = new TreeSet<String>();
            for (EngineImage i : gateway.images().listImages()) tags.addAll(i.tags());
            var after = gateway.apiCalls();
            return new Seen(names, tags, made(before, after, "GET /containers/json"), made(before, after, "GET /images/json"));
        } finally {
            gateway.endObservation();
        }
    }

    private static long made(java.util.Map<String, Long> before, java.util.Map<String, Long> after, String call) {
        return after.getOrDefault(call, 0L) - before.getOrDefault(call, 0L);
    }

    /**
     * Does {@code step} and observes until an observation makes no list call, for up to a minute: on
     * an engine nothing else touches, the first one does. The engine is shared with every other test
     * (a container another one left may be restarting, say), so a quiet moment is waited for, not
     * assumed; when none comes, the failure names the events that kept the lists from being reused.
     */
    private static Seen quietly(DockerGateway gateway, WarmLists warm, Runnable step) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            Thread.sleep(1_200);
            long windowStart = System.currentTimeMillis() - 2_000;
            observe(gateway);   // lists again while the window holds an earlier event; kept from here on
            step.run();
            Seen seen = observe(gateway);
            if (seen.containerLists() == 0 && seen.imageLists() == 0) return seen;
            String noise = DockerCli.run("events", "--since", seconds(windowStart), "--until", seconds(System.currentTimeMillis()),
                    "--format", "{{.Type}} {{.Action}} {{.Actor.ID}} {{.Actor.Attributes.name}}").out();
            // in the test's output (CI keeps it): which other test keeps the shared engine busy, or, when the
            // engine logged nothing, whether the event stream was down (a drop forgets the lists)
            System.out.println("WarmListsIT: not quiet yet (event stream following: " + warm.following() + "); the engine logged:\n  "
                    + String.join("\n  ", noise.lines().limit(12).toList()));
            if (System.nanoTime() > deadline) {
                return new Seen(seen.containers(), seen.tags(), seen.containerLists(), seen.imageLists(), noise);
            }
        }
    }

    private static String seconds(long epochMillis) {
        return String.format(java.util.Locale.ROOT, "%d.%03d", epochMillis / 1000, epochMillis % 1000);
    }

    @Test
    void listsAreReusedWhileNothingHappensAndNeverAfterAChangeByHand() throws Exception {
        try (var warm = WarmLists.open(DockerGateway.DEFAULT_HOST); var gateway = DockerGateway.connect(DockerGateway.DEFAULT_HOST)) {
            gateway.keepWarm(warm);
            Await.until("the event stream is followed", Duration.ofSeconds(20), warm::following);
            Seen first = observe(gateway);
            assertEquals(1, first.containerLists());
            assertTrue(first.containers().containsKey(running));

            // the window starts a second before the first list: wait it out, then nothing changes
            Seen quiet = quietly(gateway, warm, () -> { });
            assertEquals(0, quiet.containerLists(), () -> "nothing happened: no list call; the engine logged meanwhile:\n" + quiet.noise());
            assertEquals(0, quiet.imageLists(), quiet::noise);
            assertEquals(first.containers().keySet(), quiet.containers().keySet());
            assertEquals(first.tags(), quiet.tags());

            Seen afterExec = quietly(gateway, warm, () -> DockerCli.ok("exec", running, "/bin/busybox", "true"));
            assertEquals(0, afterExec.containerLists(), () -> "an exec changes no list; the engine logged meanwhile:\n" + afterExec.noise());

            DockerCli.ok("create", "--name", byHand, "--network", "none", image, "/bin/busybox", "true");
            Seen created = observe(gateway);
            assertTrue(created.containers().containsKey(byHand), "made by hand a moment ago: listed afresh");
            assertEquals(1, created.containerLists());

            DockerCli.ok("rm", byHand);
            assertFalse(observe(gateway).containers().containsKey(byHand), "removed by hand a moment ago");

            DockerCli.ok("tag", image, image + "-retagged");
            assertTrue(observe(gateway).tags().contains(image + "-retagged:latest"), "tagged by hand a moment ago");

            DockerCli.ok("stop", "-t", "0", running);
            Seen stopped = observe(gateway);
            assertEquals("exited", stopped.containers().get(running), "a state change is an event too");
            assertEquals(1, stopped.containerLists());
        }
    }
}
