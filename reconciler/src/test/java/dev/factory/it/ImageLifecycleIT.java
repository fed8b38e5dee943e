package dev.factory.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.testing.Cli;
import dev.factory.testing.DockerCli;
import dev.factory.testing.RequiresDocker;
import dev.factory.testing.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image kind end to end on the real engine, through the real CLI: a three-level chain is
 * built, re-planned as all no-op, rebuilt with causes when the base changes, and trimmed when the
 * leaf is removed; an unmanaged image and container of similar names survive every step.
 */
@RequiresDocker
class ImageLifecycleIT {
    @TempDir
    Path tmp;

    private String p;
    private Path config;
    private final Cli.Session factory = Cli.on(() -> config);
    private Path state;
    private String unmanagedImage;
    private String unmanagedContainer;

    @BeforeEach
    void setUp() throws IOException {
        p = TestImages.uniquePrefix();
        config = tmp.resolve("config");
        state = tmp.resolve("state");
        TestImages.busyboxContext(config.resolve("ctx/base"), "base.txt", "base v1\n");
        TestImages.fileContext(config.resolve("ctx/mid"), "mid.txt", "mid v1\n");
        TestImages.fileContext(config.resolve("ctx/leaf"), "leaf.txt", "leaf v1\n");
        writeConfig(true);

        // unmanaged neighbours with names like ours: built and created with the docker CLI, no labels
        unmanagedImage = p + "-base-handmade";
        unmanagedContainer = p + "-base-container";
        Path handmade = TestImages.busyboxContext(tmp.resolve("handmade"), "x.txt", "mine\n");
        Files.writeString(handmade.resolve("Dockerfile"), "FROM scratch\nCOPY busybox /bin/busybox\nCOPY x.txt /\n");
        DockerCli.ok("build", "-q", "-t", unmanagedImage, handmade.toString());
        DockerCli.ok("create", "--name", unmanagedContainer, unmanagedImage, "/bin/busybox", "true");
    }

    @AfterEach
    void tearDown() {
        DockerCli.run("rm", "-f", unmanagedContainer);
        DockerCli.run("rmi", "-f", unmanagedImage);
        DockerCli.removeOwned(p);
    }

    private void writeConfig(boolean withLeaf) throws IOException {
        String yaml = "host:\n  name: " + p + "\n  stateDir: ../state\n"
                + "images:\n"
                + "  " + p + "-base:\n    context: ctx/base\n    from: scratch\n"
                + "  " + p + "-mid:\n    context: ctx/mid\n    from: " + p + "-base\n    args:\n      FLAVOUR: plain\n"
                + (withLeaf ? "  " + p + "-leaf:\n    context: ctx/leaf\n    from: " + p + "-mid\n" : "");
        Files.writeString(config.resolve("factory.yaml"), yaml);
    }


    private void assertUnmanagedSurvive() {
        assertTrue(DockerCli.imageExists(unmanagedImage), "the unmanaged image was touched");
        assertTrue(DockerCli.containerExists(unmanagedContainer), "the unmanaged container was touched");
    }

    private String id(String name) {
        return DockerCli.imageId(p + "-" + name + ":latest");
    }

    @Test
    void chainIsBuiltKeptRebuiltWithCausesAndTrimmed() throws IOException {
        var first = factory.run("apply", "--auto-approve");
        assertEquals(0, first.exitCode(), first.all());
        assertTrue(first.out().contains("Apply complete: 3 applied, 0 failed, 0 skipped."), first.out());
        String base1 = id("base"), mid1 = id("mid"), leaf1 = id("leaf");
        assertEquals("true", DockerCli.ok("image", "inspect", "-f", "{{index .Config.Labels \"dev.factory.managed\"}}", base1));
        assertEquals("image/" + p + "-mid", DockerCli.ok("image", "inspect", "-f", "{{index .Config.Labels \"dev.factory.address\"}}", mid1));
        assertTrue(DockerCli.ok("image", "inspect", "-f", "{{json .RepoTags}}", leaf1).contains(p + "-leaf:latest"));
        assertTrue(Files.list(state.resolve("logs")).anyMatch(f -> f.getFileName().toString().startsWith("image-" + p + "-mid")),
                "the full build log is kept in the state dir");
        assertUnmanagedSurvive();

        var again = factory.run("plan", "--detailed-exitcode");
        assertEquals(0, again.exitCode(), "a second plan must be all no-op:\n" + again.all());
        assertTrue(again.out().contains("No changes: 3 objects up to date."), again.out());

        Files.writeString(config.resolve("ctx/base/base.txt"), "base v2\n");
        var changed = factory.run("plan", "--detailed-exitcode");
        assertEquals(2, changed.exitCode(), changed.all());
        assertTrue(changed.out().contains("-/+ image/" + p + "-base") && changed.out().contains("context file base.txt changed"), changed.out());
        assertTrue(changed.out().contains("parent image/" + p + "-base rebuilt"), changed.out());
        assertTrue(changed.out().contains("parent image/" + p + "-mid rebuilt"), changed.out());
        assertTrue(changed.out().contains("3 to replace"), changed.out());

        var rebuild = factory.run("apply", "--auto-approve");
        assertEquals(0, rebuild.exitCode(), rebuild.all());
        assertNotEquals(base1, id("base"));
        assertNotEquals(mid1, id("mid"));
        assertNotEquals(leaf1, id("leaf"));
        assertFalse(DockerCli.imageExists(base1), "the replaced image is removed when nothing uses it");
        assertEquals(0, factory.run("plan", "--detailed-exitcode").exitCode());
        assertUnmanagedSurvive();

        String base2 = id("base"), mid2 = id("mid"), leaf2 = id("leaf");
        writeConfig(false);
        var trim = factory.run("plan", "--json");
        assertEquals(0, trim.exitCode(), trim.all());
        assertTrue(trim.out().contains("\"delete\" : 1") && trim.out().contains("\"no-op\" : 2"), trim.out());
        var removed = factory.run("apply", "--auto-approve");
        assertEquals(0, removed.exitCode(), removed.all());
        assertFalse(DockerCli.imageExists(leaf2), "the leaf is deleted");
        assertEquals(base2, id("base"), "the base is untouched");
        assertEquals(mid2, id("mid"), "the mid is untouched");
        assertEquals(0, factory.run("plan", "--detailed-exitcode").exitCode());
        assertUnmanagedSurvive();
        String inventory = Files.readString(state.resolve("inventory.json"));
        assertFalse(inventory.contains("image/" + p + "-leaf"), inventory);
        assertTrue(inventory.contains("image/" + p + "-mid"), inventory);
    }

    @Test
    void aSavedPlanIsAppliedExactlyOrRefusedWhenStale() throws IOException {
        Path saved = tmp.resolve("plan.json");
        var plan = factory.run("plan", "--out", saved.toString());
        assertEquals(0, plan.exitCode(), plan.all());

        var exact = Cli.run("apply", saved.toString());
        assertEquals(0, exact.exitCode(), "a fresh saved plan applies without a prompt:\n" + exact.all());
        String base = id("base");

        Files.writeString(config.resolve("ctx/mid/mid.txt"), "mid v2\n");
        assertEquals(0, factory.run("plan", "--out", saved.toString()).exitCode());
        // live state moves after the plan: someone else applies first
        assertEquals(0, factory.run("apply", "--auto-approve").exitCode());
        String mid = id("mid");

        var stale = Cli.run("apply", saved.toString());
        assertEquals(1, stale.exitCode(), stale.all());
        assertTrue(stale.err().contains("is stale"), stale.err());
        assertTrue(stale.err().contains("image/" + p + "-mid: planned replace, now no-op"), stale.err());
        assertTrue(stale.err().contains("image/" + p + "-mid: live state changed"), stale.err());
        assertEquals(base, id("base"));
        assertEquals(mid, id("mid"), "nothing was applied from the stale plan");
        assertUnmanagedSurvive();
    }

    @Test
    void applyWithoutATerminalOrApprovalChangesNothing() {
        var run = factory.run("apply");
        assertEquals(1, run.exitCode(), run.all());
        assertTrue(run.err().contains("--auto-approve"), run.err());
        assertFalse(DockerCli.imageExists(p + "-base:latest"));

        var declined = Cli.run(question -> java.util.Optional.of("no"), "apply", "--config", config.toString());
        assertEquals(1, declined.exitCode());
        assertTrue(declined.err().contains("Apply cancelled"), declined.err());
        assertFalse(DockerCli.imageExists(p + "-base:latest"));
    }

    @Test
    void aDeclaredNameHeldByAnUnmanagedImageIsAnErrorAndLeftAlone() throws IOException {
        DockerCli.ok("tag", unmanagedImage, p + "-base:latest");
        String theirs = DockerCli.imageId(p + "-base:latest");

        var run = factory.run("apply", "--auto-approve");

        assertEquals(1, run.exitCode(), run.all());
        assertTrue(run.all().contains("does not own"), run.all());
        assertEquals(theirs, DockerCli.imageId(p + "-base:latest"), "the unmanaged image was overwritten");
        assertFalse(DockerCli.imageExists(p + "-mid:latest"), "nothing is applied from a plan with errors");
        DockerCli.run("rmi", p + "-base:latest");
    }
}
