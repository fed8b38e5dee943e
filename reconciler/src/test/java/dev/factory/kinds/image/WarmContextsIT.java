package dev.factory.kinds.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.factory.fs.DirWatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Build contexts kept walked between a long-running process's plans: the same inputs as a fresh
 * walk after every kind of change, however soon after the last plan it is made.
 */
class WarmContextsIT {
    @TempDir
    Path tmp;

    DirWatch watch;
    WarmContexts warm;
    Path ctx;
    ImageSpec spec;

    @BeforeEach
    void setUp() throws Exception {
        watch = DirWatch.open();
        warm = new WarmContexts(watch);
        ctx = Files.createDirectories(tmp.resolve("ctx/src/deep"));
        ctx = tmp.resolve("ctx");
        Files.writeString(ctx.resolve("Dockerfile"), "FROM scratch\nCOPY . /\n");
        Files.writeString(ctx.resolve("src/deep/a.txt"), "a\n");
        spec = new ImageSpec("warm", ctx, ctx.resolve("Dockerfile"), "scratch", Map.of(), Map.of(), null);
    }

    @AfterEach
    void tearDown() {
        watch.close();
    }

    private BuildInputs warmPlan() throws Exception {
        warm.sync();
        return BuildContext.read(spec, ContextDigests.none(), warm).inputs();
    }

    private BuildInputs coldPlan() throws Exception {
        return BuildContext.read(spec, ContextDigests.none()).inputs();
    }

    @Test
    void anUnchangedContextIsWalkedOnce() throws Exception {
        for (int i = 0; i < 5; i++) assertEquals(coldPlan(), warmPlan());
        assertEquals(1, warm.walks());
    }

    @Test
    void everyKindOfChangeIsSeenByTheVeryNextPlan() throws Exception {
        Map<String, Change> changes = new java.util.LinkedHashMap<>();
        changes.put("edit deep", () -> Files.writeString(ctx.resolve("src/deep/a.txt"), "b\n"));
        changes.put("new dir and file", () -> Files.writeString(Files.createDirectories(ctx.resolve("src/new")).resolve("n.txt"), "n"));
        changes.put("executable bit", () -> Files.setPosixFilePermissions(ctx.resolve("src/deep/a.txt"), PosixFilePermissions.fromString("rwxr-xr-x")));
        changes.put("dockerignore", () -> Files.writeString(ctx.resolve(".dockerignore"), "src/deep\n"));
        changes.put("delete", () -> Files.delete(ctx.resolve("src/new/n.txt")));
        changes.put("link", () -> Files.createSymbolicLink(ctx.resolve("src/l"), Path.of("/etc/passwd")));
        changes.put("dockerfile", () -> Files.writeString(ctx.resolve("Dockerfile"), "FROM scratch\n"));
        BuildInputs before = warmPlan();
        for (var change : changes.entrySet()) {
            change.getValue().run();
            BuildInputs after = warmPlan();
            assertEquals(coldPlan(), after, change.getKey() + ": the same inputs as a fresh walk");
            assertNotEquals(before, after, change.getKey() + ": changed the inputs");
            before = after;
        }
    }

    @Test
    void digestsAreRememberedPerContextOnlyForTheSameInputs() throws Exception {
        BuildInputs first = warmPlan();
        var d1 = warm.digests(BuildContext.unit(spec), first, "sha256:base");
        assertEquals(first.digests("sha256:base"), d1);
        assertEquals(d1, warm.digests(BuildContext.unit(spec), warmPlan(), "sha256:base"));
        assertEquals(first.digests("sha256:other"), warm.digests(BuildContext.unit(spec), first, "sha256:other"), "another base");
        Files.writeString(ctx.resolve("src/deep/a.txt"), "c\n");
        BuildInputs changed = warmPlan();
        assertEquals(changed.digests("sha256:base"), warm.digests(BuildContext.unit(spec), changed, "sha256:base"));
        assertNotEquals(d1, warm.digests(BuildContext.unit(spec), changed, "sha256:base"));
    }

    @Test
    void aContextWithAFileSomeoneElseCouldWriteOrLinkIsWalkedEveryTime() throws Exception {
        Path a = ctx.resolve("src/deep/a.txt");
        Files.setPosixFilePermissions(a, PosixFilePermissions.fromString("rw-rw-r--"));
        warmPlan();
        warmPlan();
        assertEquals(2, warm.walks(), "group-writable: a write through a hard link would notify nobody");
        Files.setPosixFilePermissions(a, PosixFilePermissions.fromString("rw-r--r--"));
        Path elsewhere = Files.createDirectories(tmp.resolve("workspace")).resolve("x");
        Files.createLink(elsewhere, a);
        warmPlan();
        long walks = warm.walks();
        Files.writeString(elsewhere, "through the link\n");   // no notification reaches the context
        assertEquals(coldPlan(), warmPlan(), "a file with two links is never trusted to notify");
        assertEquals(walks + 1, warm.walks());
    }

    @Test
    void aContextNoLongerDeclaredIsForgotten() throws Exception {
        warmPlan();
        warm.retain(Set.of());
        warmPlan();
        assertEquals(2, warm.walks());
    }

    interface Change {
        void run() throws Exception;
    }
}
