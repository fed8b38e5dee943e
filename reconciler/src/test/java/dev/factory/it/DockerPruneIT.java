package dev.factory.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.testing.Await;
import dev.factory.testing.Cli;
import dev.factory.testing.DockerCli;
import dev.factory.testing.RequiresDocker;
import dev.factory.testing.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Docker prune rules and maintenance commands on the real engine; unowned objects and declared services are never touched. */
@RequiresDocker
class DockerPruneIT {
    @TempDir
    Path tmp;

    private String p;
    private Path config;
    private final List<String> unmanaged = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        p = TestImages.uniquePrefix();
        config = tmp.resolve("config");
        TestImages.busyboxContext(config.resolve("box"), "box.txt", "box\n");
        Files.setPosixFilePermissions(Files.createDirectories(tmp.resolve("work")), PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.writeString(config.resolve("factory.yaml"), "host:\n  name: " + p + "\n  stateDir: ../state\n"
                + "images:\n  " + p + "-box:\n    context: box\n    from: scratch\n"
                + "profiles:\n  worker:\n    image: " + p + "-box\n    network: none\n"
                + "    mounts: [{source: " + tmp.resolve("work") + ", target: /work, mode: rw}]\n"
                + "services:\n  " + p + "-svc:\n    profile: worker\n    command: [/bin/busybox, sleep, \"3600\"]\n"
                + "prune:\n  docker:\n    containers: {exitedFor: 1s}\n    images: {keepLatest: 2, dangling: true}\n"
                + "  commands:\n    - {name: marker, profile: worker, command: [/bin/busybox, sh, -c, \"echo ran >> /work/marker\"], every: 1d}\n");
    }

    @AfterEach
    void tearDown() {
        unmanaged.forEach(x -> DockerCli.run("rm", "-f", x));
        DockerCli.removeEverythingOwned(p);
        unmanaged.forEach(x -> DockerCli.run("rmi", "-f", x));
    }

    /** An image built by hand, optionally with our ownership labels, optionally tagged. */
    private String build(String content, boolean owned, String tag) throws IOException {
        Path ctx = Files.createDirectories(tmp.resolve("ctx-" + content));
        Files.writeString(ctx.resolve("f.txt"), content);
        Files.writeString(ctx.resolve("Dockerfile"), "FROM " + p + "-box:latest\nCOPY f.txt /\n");
        var args = new ArrayList<>(List.of("build", "-q"));
        if (owned) args.addAll(List.of("--label", "dev.factory.managed=true", "--label", "dev.factory.owner=" + p,
                "--label", "dev.factory.lineage=" + lineage(), "--label", "dev.factory.address=image/" + p + "-box"));
        if (tag != null) args.addAll(List.of("-t", tag));
        args.add(ctx.toString());
        return DockerCli.ok(args.toArray(String[]::new)).lines().reduce((a, b) -> b).orElseThrow();
    }

    /** The state dir's lineage, which marks what factory made (set by the first apply). */
    private String lineage() throws IOException {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(tmp.resolve("state/lineage.json").toFile()).path("id").asText();
    }

    @Test
    void prunesOwnedLeftoversOnlyAndRunsCommandsWhenDue() throws Exception {
        var first = Cli.run("apply", "--config", config.toString(), "--auto-approve");
        assertEquals(0, first.exitCode(), first.all());
        assertTrue(first.out().contains("~ command/marker") && first.out().contains("due: never ran"), first.out());
        assertEquals("ran", Files.readString(tmp.resolve("work/marker")).strip(), "the command ran, after its image was built");
        String oldest = build("oldest", true, p + "-box:aaaaaaaaaaaa");
        Await.nextSecond();   // images are dated to the second
        String older = build("older", true, p + "-box:bbbbbbbbbbbb");
        String ownedDangling = build("dangling", true, null);
        String unownedImage = build("theirs", false, p + "-theirs:1");
        String unownedDangling = build("theirs-dangling", false, null);
        unmanaged.addAll(List.of(p + "-theirs:1", unownedDangling));
        DockerCli.ok("run", "--name", p + "-lane-x", "--label", "dev.factory.managed=true", "--label", "dev.factory.owner=" + p,
                "--label", "dev.factory.lineage=" + lineage(),
                "--label", "dev.factory.address=lane/" + p + "-lane-x", "--network", "none", p + "-box:latest", "/bin/busybox", "true");
        DockerCli.ok("run", "--name", p + "-theirs-ctr", "--network", "none", p + "-box:latest", "/bin/busybox", "true");
        unmanaged.add(p + "-theirs-ctr");
        DockerCli.ok("stop", "-t", "1", p + "-svc-1");
        Await.past(java.time.Instant.now().plusSeconds(1));   // exited longer than exitedFor: 1s

        var plan = Cli.run("plan", "--config", config.toString());
        assertTrue(plan.out().contains("- prune-image/" + oldest.replace("sha256:", "").substring(0, 12)), plan.out());
        assertFalse(plan.out().contains("prune-image/" + older.replace("sha256:", "").substring(0, 12)), "keepLatest 2 keeps it:\n" + plan.out());
        assertTrue(plan.out().contains("- prune-container/" + p + "-lane-x"), plan.out());
        assertFalse(plan.out().contains("command/marker"), "not due again for a day:\n" + plan.out());
        assertTrue(plan.out().contains("~ container/" + p + "-svc-1"), "the stopped service is started, not pruned:\n" + plan.out());

        var apply = Cli.run("apply", "--config", config.toString(), "--auto-approve");
        assertEquals(0, apply.exitCode(), apply.all());

        assertFalse(DockerCli.imageExists(oldest), "the oldest owned build is pruned");
        assertTrue(DockerCli.imageExists(older), "keepLatest keeps the newer build");
        assertTrue(DockerCli.imageExists(ownedDangling), "a dangling image with our labels that factory never built (a FROM-derived one) stays");
        assertTrue(DockerCli.imageExists(unownedImage) && DockerCli.imageExists(unownedDangling), "unowned images stay, though they inherited our labels");
        assertFalse(DockerCli.containerExists(p + "-lane-x"), "an owned exited container is pruned");
        assertTrue(DockerCli.containerExists(p + "-theirs-ctr"), "an unowned exited container stays");
        assertEquals("running", DockerCli.ok("inspect", "-f", "{{.State.Status}}", p + "-svc-1"));
        assertEquals("ran", Files.readString(tmp.resolve("work/marker")).strip(), "the command ran once, not again");

        var again = Cli.run("plan", "--config", config.toString(), "--detailed-exitcode");
        assertEquals(0, again.exitCode(), "everything converged, the command is not due:\n" + again.all());
    }
}
