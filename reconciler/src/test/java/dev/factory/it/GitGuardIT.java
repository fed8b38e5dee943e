package dev.factory.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.testing.Cli;
import dev.factory.testing.DebianBase;
import dev.factory.testing.DockerCli;
import dev.factory.testing.FileTrees;
import dev.factory.testing.GitCli;
import dev.factory.testing.RequiresDocker;
import dev.factory.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The git guard in containers of an image with the real git: in a lane, each denied command fails
 * with the rule named and changes nothing; a commit and a fast-forward push to {@code local} work;
 * a force push around the guard (the real binary) is refused by the host clone itself. A service
 * of the profile has the guard too, root's, and a second plan is no-op.
 */
@RequiresDocker
class GitGuardIT {
    @TempDir
    Path tmp;

    private final String p = TestImages.uniquePrefix();

    @AfterEach
    void tearDown() {
        DockerCli.removeEverythingOwned(p);
    }

    @Test
    void deniedCommandsFailAndChangeNothingWhileCommitsAndFastForwardPushesWork() throws Exception {
        FileTrees.requireRoot();
        String image = DebianBase.withGit();
        Path clone = tmp.resolve("app");
        GitCli.git(tmp, "init", "-q", clone.toString());
        GitCli.commit(clone, "README.md", "app\n", "first");
        GitCli.git(clone, "remote", "add", "origin", "https://github.com/example/app.git");
        FileTrees.chownTree(clone, 1000, 1000);   // the operator's clone, as the lane's uid sees it

        Path config = Files.createDirectories(tmp.resolve("config"));
        Files.writeString(config.resolve("factory.yaml"), "host:\n  name: " + p + "\n  stateDir: ../state\n"
                + "profiles:\n  guarded:\n    image: " + image + "\n    network: none\n    git: {guard: true}\n"
                + "    env: {GIT_AUTHOR_NAME: dev, GIT_AUTHOR_EMAIL: dev@example.com, GIT_COMMITTER_NAME: dev, GIT_COMMITTER_EMAIL: dev@example.com}\n"
                + "agents:\n  dev: {cli: codex, profile: guarded}\n"
                + "services:\n  " + p + "-box: {profile: guarded, command: [sleep, infinity]}\n");
        var applied = Cli.run("apply", "--config", config.toString(), "--auto-approve");
        assertEquals(0, applied.exitCode(), applied.all());

        String script = """
                echo changed >> README.md; echo junk > untracked.txt
                for c in "push --force local" "push -f" "push local +HEAD:refs/heads/dev/guarded" "reset --hard" "clean -fd" "checkout ." "restore ."; do
                  git $c; echo "rc[$c]=$?"
                done
                echo "which=$(command -v git)"
                git status --short
                git add README.md && git commit -q -m "guarded commit" && echo committed
                git push -q local HEAD && echo pushed-ff
                git commit -q --amend -m rewritten && echo amended
                /usr/bin/git push --force local HEAD 2>&1; echo "forced-rc=$?"
                """;
        var lane = Cli.run("lane", clone.toString(), "guarded", "--agent", "dev", "--config", config.toString(), "--wait", "--", "sh", "-c", script);
        String out = lane.all();
        assertEquals(0, lane.exitCode(), out);
        for (String c : new String[] {"push --force local", "push -f", "push local +HEAD:refs/heads/dev/guarded"}) {
            assertTrue(out.contains("rc[" + c + "]=3"), c + ": " + out);
            assertTrue(out.contains("refused 'git " + c + "': it matches the rule 'push --force'"), out);
        }
        assertTrue(out.contains("rc[reset --hard]=3") && out.contains("the rule 'reset --hard'"), out);
        assertTrue(out.contains("rc[clean -fd]=3") && out.contains("the rule 'clean -f'"), out);
        assertTrue(out.contains("rc[checkout .]=3") && out.contains("rc[restore .]=3"), out);
        assertTrue(out.contains("which=/usr/local/bin/git"), out);
        assertTrue(out.contains(" M README.md") && out.contains("?? untracked.txt"), "the refused commands changed nothing: " + out);
        assertTrue(out.contains("committed") && out.contains("pushed-ff") && out.contains("amended"), out);
        assertTrue(out.contains("denying non-fast-forward refs/heads/dev/guarded") && out.lines().anyMatch(l -> l.matches("forced-rc=[1-9][0-9]*")),
                "the host clone refuses the force push: " + out);
        assertTrue(out.contains("now refuses non-fast-forward pushes (receive.denyNonFastForwards)"), out);

        assertEquals("guarded commit", GitCli.git(clone, "-c", "safe.directory=*", "log", "-1", "--format=%s", "dev/guarded"), "the fast-forward landed, the rewrite did not");
        assertEquals("true", GitCli.git(clone, "-c", "safe.directory=*", "config", "--get", "receive.denyNonFastForwards"));
        assertEquals(1000, Files.getAttribute(clone.resolve(".git/config"), "unix:uid"), "the clone's config keeps its owner");
        assertEquals("https://github.com/example/app.git", GitCli.git(clone, "-c", "safe.directory=*", "config", "--get", "remote.origin.url"), "and the rest of its text");

        String box = p + "-box-1";
        assertEquals("0:755", DockerCli.ok("exec", box, "stat", "-c", "%u:%a", "/usr/local/bin/git").strip(), "root's: the agent's user cannot change it");
        var refused = DockerCli.run("exec", "-w", "/tmp", box, "git", "reset", "--hard");
        assertEquals(3, refused.exitCode(), refused.toString());
        assertTrue(DockerCli.ok("exec", box, "git", "--version").startsWith("git version"));
        assertEquals(0, Cli.run("plan", "--config", config.toString(), "--detailed-exitcode").exitCode(), "no-op after apply");

        var doctor = Cli.run("doctor", "--config", config.toString(), "--profile", "guarded", "--json");
        var guard = new com.fasterxml.jackson.databind.ObjectMapper().readTree(doctor.out()).findParents("connection").stream()
                .filter(c -> c.get("connection").asText().equals("git guard")).findFirst().orElseThrow(() -> new AssertionError(doctor.all()));
        assertEquals("ok", guard.get("status").asText(), guard.toString());
        assertTrue(guard.get("detail").asText().startsWith("refuses 'git push --force'; runs /usr/bin/git for the rest (git version "), guard.toString());
    }
}
