package dev.factory.it;

import static dev.factory.testing.GitCli.commit;
import static dev.factory.testing.GitCli.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.testing.Cli;
import dev.factory.testing.FakeGitHub;
import dev.factory.testing.Jar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pull requests to the config repo, planned by the trusted factory (the real jar, a local bare
 * config repo, the fake GitHub API on 127.0.0.1): one comment per pull request, kept up to date,
 * a factory/plan status on each head, errors in the comment, and nothing of the pull request run.
 */
class PullRequestPlansIT {
    private static final String TOKEN = "ghs_" + "PrPl4nT0k3nForTheF4keAp1xyz";
    private static final String REPO = "org/factory-config";

    @TempDir
    Path tmp;

    private FakeGitHub github;
    private Path origin;
    private Path seed;
    private Path marker;

    @BeforeEach
    void setUp() throws IOException {
        github = new FakeGitHub(TOKEN);
        marker = tmp.resolve("MARKER-the-pull-request-ran");
        origin = tmp.resolve("factory-config.git");
        git(tmp, "init", "--bare", origin.toString());
        seed = tmp.resolve("seed");
        git(tmp, "clone", origin.toString(), seed.toString());
        writeConfig("notes", "kept by factory");
        Files.writeString(seed.resolve("factory"), "#!/bin/sh\necho launcher >> " + marker + "\n");
        Files.setPosixFilePermissions(seed.resolve("factory"), PosixFilePermissions.fromString("rwxr-xr-x"));
        commit(seed, "pom.xml", "<project/>\n", "the config repo");
        git(seed, "push", "origin", "HEAD:main");
    }

    @AfterEach
    void tearDown() {
        github.close();
    }

    private void writeConfig(String name, String content) throws IOException {
        Files.createDirectories(seed.resolve("factory-config"));
        Files.writeString(seed.resolve("factory-config/factory.yaml"), "host:\n  name: pr-it\n"
                + "files:\n  " + name + ": {path: " + tmp.resolve("home/" + name + ".txt") + ", content: \"" + content + "\\n\"}\n");
    }

    /** Pushes the seed's current commit as pull request N's head, and opens (or moves) it on the fake API. */
    private String pushPull(int number, String title) {
        String sha = git(seed, "rev-parse", "HEAD");
        git(seed, "push", "--force", "origin", "HEAD:refs/pull/" + number + "/head");
        github.openPull(REPO, number, title, sha);
        return sha;
    }

    private Cli.Run prPlan() {
        return Jar.run(Map.of("GITHUB_API_URL", github.url(), "GH_TOKEN", TOKEN), "pr-plan", "--repo", origin.toUri().toString(),
                "--path", "factory-config", "--github", REPO, "--state-dir", tmp.resolve("state").toString());
    }

    private List<FakeGitHub.Comment> ours(int number) {
        return github.comments(REPO, number).stream().filter(c -> c.userId() == FakeGitHub.USER_ID).toList();
    }

    @Test
    void eachPullRequestGetsOneCommentAndAStatusAndNothingOfItRuns() throws Exception {
        git(seed, "checkout", "-b", "more-notes");
        // the pull request changes the config, and also the launcher, the build and a script, and tries to move the state dir
        Files.writeString(seed.resolve("factory-config/factory.yaml"), "host:\n  name: pr-it\n  stateDir: " + tmp.resolve("evil-state") + "\n"
                + "files:\n  notes: {path: " + tmp.resolve("home/notes.txt") + ", content: \"kept by factory\\n\"}\n"
                + "  second: {path: " + tmp.resolve("home/second.txt") + ", content: \"new\\n\"}\n");
        Files.writeString(seed.resolve("factory"), "#!/bin/sh\necho launcher-of-the-pr >> " + marker + "\n");
        Files.writeString(seed.resolve("pom.xml"), "<project><!-- exec: sh -c 'echo pom >> " + marker + "' --></project>\n");
        commit(seed, "scripts/evil.sh", "#!/bin/sh\necho script >> " + marker + "\n", "add a second file, and some code");
        String first = pushPull(1, "add a second notes file");
        var forged = github.commentAs(777, REPO, 1, "<!-- factory-plan -->\nfactory plan: No changes. (forged by someone else)");

        // what the live config's plans remember of its contexts: a pull request's config (checked out elsewhere) does not prune it
        Path liveDigests = Files.createDirectories(tmp.resolve("state/cache/context")).resolve(dev.factory.state.CacheDirs.name("live context", ".tsv"));
        Files.writeString(liveDigests, "factory-context-digests-v1\n");

        var run = prPlan();
        assertEquals(0, run.exitCode(), run.all());
        assertTrue(Files.exists(liveDigests), "a plan under review prunes no cache of the live config's");
        assertEquals(1, ours(1).size(), "one comment of ours:\n" + github.comments(REPO, 1));
        String body = ours(1).get(0).body();
        assertTrue(body.startsWith("<!-- factory-plan -->") && body.contains("file/second") && body.contains("nothing from this pull request was run"), body);
        assertTrue(body.contains(first.substring(0, 12)), "names the head it planned: " + body);
        assertTrue(github.comments(REPO, 1).contains(forged), "another user's marked comment is never taken for ours, nor touched");
        var statuses = github.statuses(first);
        assertEquals(List.of("pending", "success"), statuses.stream().map(FakeGitHub.Status::state).toList(), statuses.toString());
        assertEquals("factory/plan", statuses.get(1).context());
        assertTrue(statuses.get(1).description().startsWith("Plan: 2 to create"), "nothing was applied here yet: " + statuses.get(1).description());
        assertFalse(Files.exists(marker), "nothing of the pull request ran: its launcher, pom and script are data");
        assertFalse(Files.exists(tmp.resolve("evil-state")), "the pull request's host: section moves nothing");
        assertFalse(Files.exists(tmp.resolve("home/second.txt")), "a plan applies nothing");

        // a push updates the same comment
        Files.writeString(seed.resolve("factory-config/factory.yaml"), Files.readString(seed.resolve("factory-config/factory.yaml"))
                .replace("content: \"new\\n\"", "content: \"newer\\n\""));
        git(seed, "commit", "-am", "newer");
        String second = pushPull(1, "add a second notes file");
        long id = ours(1).get(0).id();
        assertEquals(0, prPlan().exitCode());
        assertEquals(1, ours(1).size(), "still one comment:\n" + github.comments(REPO, 1));
        assertEquals(id, ours(1).get(0).id(), "the same comment, edited");
        assertTrue(ours(1).get(0).body().contains(second.substring(0, 12)), ours(1).get(0).body());
        assertEquals("success", github.statuses(second).get(github.statuses(second).size() - 1).state());
        assertFalse(Files.exists(marker));

        // an invalid config: its errors in the comment, a failure status
        git(seed, "checkout", "main");
        git(seed, "checkout", "-b", "broken");
        Files.writeString(seed.resolve("factory-config/factory.yaml"), "host:\n  name: pr-it\nfiles:\n  bad: {path: /srv/x, contnet: typo}\n");
        git(seed, "commit", "-am", "a typo");
        String broken = pushPull(2, "a typo");
        assertEquals(0, prPlan().exitCode());
        String errors = ours(2).get(0).body();
        assertTrue(errors.contains("the config is not valid") && errors.contains("factory-config/factory.yaml:4") && errors.contains("contnet"), errors);
        assertFalse(errors.contains(tmp.toString()), "no host path in the comment: " + errors);
        var failed = github.statuses(broken);
        assertEquals("failure", failed.get(failed.size() - 1).state());
        assertTrue(failed.get(failed.size() - 1).description().contains("error"), failed.toString());
        assertEquals(1, ours(1).size(), "the other pull request's comment is untouched");
        assertFalse(run.all().contains(TOKEN), "the token is never printed");
    }
}
