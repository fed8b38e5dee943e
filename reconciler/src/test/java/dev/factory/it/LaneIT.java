package dev.factory.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.testing.Cli;
import dev.factory.testing.DockerCli;
import dev.factory.testing.RequiresDocker;
import dev.factory.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A lane runs in its own copy of a repo, with the right remotes and branch, and leaves nothing behind. */
@RequiresDocker
class LaneIT {
    @TempDir
    Path tmp;

    private final String p = TestImages.uniquePrefix();

    @AfterEach
    void tearDown() {
        DockerCli.removeEverythingOwned(p);
    }

    @Test
    void aLaneWorksOnACopyWithBothRemotesAndLeavesNoContainer() throws Exception {
        Path repo = tmp.resolve("aina-academy");
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            git.getRepository().getConfig().setString("remote", "origin", "url", "https://github.com/ainative-academy/aina-academy.git");
            git.getRepository().getConfig().save();
            Files.writeString(repo.resolve("README.md"), "academy\n");
            git.add().addFilepattern(".").call();
            git.commit().setMessage("init").setAuthor("t", "t@example.com").setCommitter("t", "t@example.com").call();
        }
        Path config = tmp.resolve("config");
        TestImages.busyboxContext(config.resolve("box"), "box.txt", "box\n");
        Files.writeString(config.resolve("factory.yaml"), "host:\n  name: " + p + "\n  stateDir: ../state\n"
                + "images:\n  " + p + "-box:\n    context: box\n    from: scratch\n"
                + "profiles:\n  lane:\n    image: " + p + "-box\n    network: none\n");
        assertEquals(0, Cli.run("apply", "--config", config.toString(), "--auto-approve").exitCode());

        var lane = Cli.run("lane", repo.toString(), "login-fix", "--config", config.toString(), "--wait", "--",
                "/bin/busybox", "sh", "-c", "pwd; cat .git/HEAD; cat .git/config; cat README.md; echo edit > new.txt; id -u");

        assertEquals(0, lane.exitCode(), lane.all());
        String out = lane.out();
        assertTrue(out.contains("/workspace/aina-academy"), out);
        assertTrue(out.contains("ref: refs/heads/codex/login-fix"), out);
        assertTrue(out.contains("url = https://github.com/ainative-academy/aina-academy.git"), out);
        assertTrue(out.contains("[remote \"local\"]") && out.contains("url = /srv/factory/local"), out);
        assertTrue(out.contains("pushDefault = local"), out);
        assertTrue(out.contains("academy") && out.lines().anyMatch(l -> l.strip().equals("1000")), out);
        assertTrue(!Files.exists(repo.resolve("new.txt")), "the lane works on a copy, not the host clone");
        assertEquals("", DockerCli.ok("ps", "-aq", "--filter", "label=dev.factory.owner=" + p), "no lane container is left");

        var failing = Cli.run("lane", repo.toString(), "fails", "--config", config.toString(), "--wait", "--", "/bin/busybox", "sh", "-c", "exit 7");
        assertEquals(7, failing.exitCode(), failing.all());
        assertEquals("", DockerCli.ok("ps", "-aq", "--filter", "label=dev.factory.owner=" + p));
    }
}
