package dev.factory.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.testing.Cli;
import dev.factory.testing.DockerCli;
import dev.factory.testing.RequiresDocker;
import dev.factory.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    @Test
    void twoNamedAgentsSeeTheirOwnConfigDirsAndInstructionsAndNotEachOthers() throws Exception {
        Path bare = dev.factory.testing.GitCli.bareWithCommit(tmp, "app", "README.md", "app\n");
        Path clone = tmp.resolve("clones/app");
        Path shared = Files.createDirectories(tmp.resolve("operator/.claude"));
        Files.writeString(shared.resolve("settings.json"), "{\"shared\": true}\n");
        Path tree = Files.createDirectories(tmp.resolve("tree"));
        Files.writeString(tree.resolve("guide.txt"), "shared guide\n");
        Path config = tmp.resolve("config");
        TestImages.busyboxContext(config.resolve("box"), "box.txt", "box\n");
        Files.writeString(config.resolve("alpha.md"), "You are alpha.\n");
        Files.writeString(config.resolve("beta.md"), "You are beta.\n");
        Files.writeString(config.resolve("app.md"), "App rules.\n");
        Files.writeString(config.resolve("factory.yaml"), "host:\n  name: " + p + "\n  stateDir: ../state\n  home: " + tmp.resolve("operator") + "\n"
                + "images:\n  " + p + "-box:\n    context: box\n    from: scratch\n"
                + "profiles:\n  agent:\n    image: " + p + "-box\n    network: none\n    mounts:\n"
                + "      - {source: ~/.claude, target: /home/agent/.claude, mode: rw}\n"
                + "      - {source: " + tree + ", target: /opt/tree, mode: ro}\n"
                + "repos:\n  app: {url: " + bare.toUri() + ", path: " + clone + ", agentsMd: app.md}\n"
                + "agents:\n"
                + "  alpha: {cli: claude, profile: agent, configDir: ~/agents/alpha, instructions: alpha.md}\n"
                + "  beta: {cli: claude, profile: agent, configDir: ~/agents/beta, instructions: beta.md}\n");
        var applied = Cli.run("apply", "--config", config.toString(), "--auto-approve");
        assertEquals(0, applied.exitCode(), applied.all());

        String script = "echo \"home=$CLAUDE_CONFIG_DIR\"; cat /home/agent/.claude/CLAUDE.md; ls -a /home/agent/.claude; cat /opt/tree/guide.txt;"
                + " echo token-$AGENT > /home/agent/.claude/.credentials.json && echo wrote-credentials;"
                + " (echo x > /home/agent/.claude/CLAUDE.md) 2>/dev/null || echo instructions-read-only;"
                + " (echo x > /opt/tree/guide.txt) 2>/dev/null || echo tree-read-only;"
                + " git_branch=$(cat .git/HEAD); echo \"$git_branch\"";
        var alpha = Cli.run("lane", clone.toString(), "check", "--agent", "alpha", "--config", config.toString(), "--wait", "--",
                "/bin/busybox", "env", "AGENT=alpha", "sh", "-c", script);
        assertEquals(0, alpha.exitCode(), alpha.all());
        var beta = Cli.run("lane", clone.toString(), "check", "--agent", "beta", "--config", config.toString(), "--wait", "--",
                "/bin/busybox", "env", "AGENT=beta", "sh", "-c", "ls -a /home/agent/.claude; " + script);
        assertEquals(0, beta.exitCode(), beta.all());

        String a = alpha.out();
        assertTrue(a.contains("home=/home/agent/.claude"), a);
        assertTrue(a.contains("You are alpha.\n\nApp rules."), "the agent's role, then the repo's AGENTS.md: " + a);
        assertTrue(!a.contains("beta") && !a.contains("settings.json"), "alpha sees neither beta's nor the shared config: " + a);
        assertTrue(a.contains("shared guide") && a.contains("wrote-credentials") && a.contains("instructions-read-only")
                && a.contains("tree-read-only") && a.contains("ref: refs/heads/alpha/check"), a);
        String b = beta.out();
        assertTrue(b.contains("You are beta.\n\nApp rules.") && !b.contains("alpha"), "beta sees its own, not alpha's: " + b);
        assertTrue(!b.substring(0, b.indexOf("home=")).contains(".credentials.json"),
                "alpha's credentials are not in beta's config dir before beta writes its own: " + b);
        assertTrue(b.contains("ref: refs/heads/beta/check"), b);

        Path alphaDir = tmp.resolve("operator/agents/alpha");
        assertEquals("token-alpha\n", Files.readString(alphaDir.resolve(".credentials.json")), "the config dir persists on the host");
        assertEquals("token-beta\n", Files.readString(tmp.resolve("operator/agents/beta/.credentials.json")));
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(alphaDir)));
        assertEquals(1000, Files.getAttribute(alphaDir, "unix:uid"));
        try (var names = Files.list(shared)) {
            assertEquals(List.of("settings.json"), names.map(x -> x.getFileName().toString()).toList(), "the shared ~/.claude is neither mounted nor written");
        }
        assertEquals("shared guide\n", Files.readString(tree.resolve("guide.txt")));

        var unknown = Cli.run("lane", clone.toString(), "check", "--agent", "alhpa", "--config", config.toString(), "--wait", "--", "/bin/busybox", "true");
        assertEquals(1, unknown.exitCode(), unknown.all());
        assertTrue(unknown.err().contains("agent 'alhpa' is not declared in agents; did you mean 'alpha'?"), unknown.all());
    }

    @Test
    void anAgentsConfigDirThatIsALinkIsRefusedAndItsTargetUntouched() throws Exception {
        Path repo = tmp.resolve("app");
        dev.factory.testing.GitCli.git(tmp, "init", "-q", repo.toString());
        dev.factory.testing.GitCli.commit(repo, "README.md", "app\n", "first");
        Path target = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.createDirectories(tmp.resolve("operator/agents"));
        Files.createSymbolicLink(tmp.resolve("operator/agents/gamma"), target);
        Path config = tmp.resolve("config");
        Files.createDirectories(config);
        Files.writeString(config.resolve("factory.yaml"), "host:\n  name: " + p + "\n  stateDir: ../state\n  home: " + tmp.resolve("operator") + "\n"
                + "profiles:\n  agent:\n    image: " + p + "-never-built:1\n    network: none\n"
                + "agents:\n  gamma: {cli: claude, profile: agent, configDir: ~/agents/gamma}\n");
        var lane = Cli.run("lane", repo.toString(), "check", "--agent", "gamma", "--config", config.toString(), "--wait", "--", "true");
        assertEquals(1, lane.exitCode(), lane.all());
        assertTrue(lane.err().contains("configDir " + tmp.resolve("operator/agents/gamma") + " is not a directory but a link; it is left alone"),
                lane.all());
        try (var inside = Files.list(target)) {
            assertEquals(0, inside.count(), "nothing was made where the link points");
        }
        assertEquals(java.util.Set.of("rwxr-xr-x"), java.util.Set.of(java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(target))), "nor was its mode or owner changed");
    }
}
