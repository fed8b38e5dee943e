package dev.factory.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.testing.Await;
import dev.factory.testing.Cli;
import dev.factory.testing.DockerCli;
import dev.factory.testing.EngineProxy;
import dev.factory.testing.RequiresDocker;
import dev.factory.testing.TestImages;
import java.time.Duration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Docker engine going away under factory, through a socket in front of the real one that the
 * test cuts: mid-plan (at the image list call) and mid-apply (while an image builds). Each time
 * the error names the resource and what to do, what could not be observed is unknown, and nothing
 * is deleted or replaced because of it. With the engine back, the next apply converges.
 */
@RequiresDocker
class EngineFaultsIT {
    @TempDir
    Path tmp;

    private String p;
    private Path config;
    private final Cli.Session factory = Cli.on(() -> config);
    private EngineProxy proxy;

    @BeforeEach
    void setUp() throws IOException {
        p = TestImages.uniquePrefix();
        config = Files.createDirectories(tmp.resolve("config"));
        Path box = TestImages.busyboxContext(config.resolve("box"), "box.txt", "box\n");
        Files.writeString(box.resolve("Dockerfile"), "ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nCOPY busybox /bin/busybox\n");
        proxy = EngineProxy.start(tmp.resolve("engine.sock"));
        writeConfig("one", List.of("keep"));
    }

    @AfterEach
    void tearDown() {
        proxy.close();
        DockerCli.removeEverythingOwned(p);
    }

    private void writeConfig(String appVersion, List<String> services) throws IOException {
        Path app = Files.createDirectories(config.resolve("app"));
        Files.writeString(app.resolve("app.txt"), appVersion + "\n");
        Files.writeString(app.resolve("Dockerfile"), "ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nRUN [\"/bin/busybox\", \"sleep\", \"3\"]\nCOPY app.txt /\n");
        var y = new StringBuilder("host:\n  name: " + p + "\n  stateDir: ../state\n  dockerHost: " + proxy.url() + "\n"
                + "images:\n  " + p + "-box:\n    context: box\n    from: scratch\n  " + p + "-app:\n    context: app\n    from: " + p + "-box\n"
                + "profiles:\n  worker:\n    image: " + p + "-app\n    network: none\n"
                + (services.isEmpty() ? "services: {}\n" : "services:\n"));
        for (String s : services) {
            y.append("  ").append(p).append("-").append(s).append(":\n    profile: worker\n    command: [/bin/busybox, sleep, \"3600\"]\n");
        }
        Files.writeString(config.resolve("factory.yaml"), y.toString());
    }

    private String owned() {
        return DockerCli.ok("ps", "-a", "--filter", "label=dev.factory.owner=" + p, "--format", "{{.ID}} {{.Names}} {{.State}}")
                + "\n" + DockerCli.ok("images", "--filter", "label=dev.factory.owner=" + p, "--format", "{{.ID}} {{.Repository}}");
    }

    @Test
    void theEngineStoppingMidPlanMakesItsObjectsUnknownNeverAbsent() throws Exception {
        assertEquals(0, factory.run("apply", "--auto-approve").exitCode());
        writeConfig("two", List.of());   // would replace the image and delete the service, if it could see them
        String before = owned();

        proxy.stopOn("/images/json");
        var plan = factory.run("plan", "--detailed-exitcode");

        assertEquals(2, plan.exitCode(), "unknown counts as pending:\n" + plan.all());
        assertTrue(plan.out().contains("? image/" + p + "-app"), plan.out());
        assertTrue(plan.all().contains("cannot reach the Docker engine at " + proxy.url()) && plan.all().contains("start it"),
                "names the engine and what to do:\n" + plan.all());
        assertFalse(plan.out().lines().anyMatch(l -> l.strip().startsWith("- ") || l.strip().startsWith("-/+")),
                "nothing is deleted or replaced on what could not be seen:\n" + plan.out());
        var apply = factory.run("apply", "--auto-approve");
        assertEquals(before, owned(), "the apply changed nothing:\n" + apply.all());
    }

    @Test
    void theEngineStoppingMidApplyFailsTheChangeInFlightAndTheNextApplyConverges() throws Exception {
        assertEquals(0, factory.run("apply", "--auto-approve").exitCode());
        writeConfig("two", List.of("keep", "new"));
        Path journal = tmp.resolve("state/journal.jsonl");
        long journalBefore = Files.size(journal);
        int requestsBefore = proxy.mark();   // the first apply's builds are not this one's

        var apply = CompletableFuture.supplyAsync(() -> factory.run("apply", "--auto-approve"));
        Await.until("the build request to reach the engine", Duration.ofSeconds(60), () -> proxy.seenSince(requestsBefore, "POST /build"));
        proxy.stop();
        var failed = apply.get(120, TimeUnit.SECONDS);

        assertEquals(1, failed.exitCode(), failed.all());
        assertTrue(failed.all().contains("image/" + p + "-app build failed: lost the engine during the build: cannot reach the Docker engine at "
                + proxy.url()), "the error names the change in flight, the engine and what to do:\n" + failed.all());
        assertTrue(DockerCli.containerExists(p + "-keep-1"), "the running service was not removed");
        assertFalse(DockerCli.containerExists(p + "-new-1"), "nothing was started on a build that did not finish");
        String tail = Files.readString(journal).substring((int) journalBefore);
        assertTrue(tail.contains("\"phase\":\"end\"") && tail.contains("image/" + p + "-app"), "the journal records the failure:\n" + tail);

        proxy = EngineProxy.start(tmp.resolve("engine.sock"));   // the engine is back
        var converge = factory.run("apply", "--auto-approve");
        assertEquals(0, converge.exitCode(), converge.all());
        assertTrue(DockerCli.containerExists(p + "-new-1"));
        assertEquals(0, factory.run("plan", "--detailed-exitcode").exitCode());
    }

}
