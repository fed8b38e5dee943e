package dev.factory.it;

import static dev.factory.testing.GitCli.commit;
import static dev.factory.testing.GitCli.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.factory.testing.Cli;
import dev.factory.testing.GitDaemon;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The config fetched from real git remotes: a bare repo on disk and git daemon on 127.0.0.1. */
class ConfigSourceIT {
    @TempDir
    Path tmp;

    private Path remotes;
    private Path work;
    private Path state;
    private String first;

    @BeforeEach
    void setUp() throws IOException {
        remotes = Files.createDirectories(tmp.resolve("remotes"));
        state = tmp.resolve("state");
        git(remotes, "init", "--bare", "config.git");
        work = tmp.resolve("work");
        git(tmp, "clone", remotes.resolve("config.git").toString(), work.toString());
        first = commit(work, "cfg/host.yaml", "host:\n  name: gitops-test\n", "First config");
        git(work, "tag", "v1");
        git(work, "push", "origin", "HEAD:main", "v1");
    }

    private Cli.Run plan(String... extra) {
        var args = new java.util.ArrayList<>(java.util.List.of("plan", "--json", "--path", "cfg", "--state-dir", state.toString()));
        args.addAll(java.util.List.of(extra));
        return Cli.run(args.toArray(String[]::new));
    }

    private static String revision(Cli.Run run) throws IOException {
        return new ObjectMapper().readTree(run.out()).path("configRevision").asText();
    }

    @Test
    void plansFromARefAndFollowsNewCommits() throws Exception {
        String url = remotes.resolve("config.git").toUri().toString();
        var atMain = plan("--repo", url);
        assertEquals(0, atMain.exitCode(), atMain.all());
        assertEquals(first, revision(atMain));
        assertTrue(atMain.out().contains("\"configSubject\" : \"First config\""), atMain.out());

        String second = commit(work, "cfg/host.yaml", "host:\n  name: gitops-test-2\n", "Second config");
        git(work, "push", "origin", "HEAD:main");
        var after = plan("--repo", url);
        assertEquals(second, revision(after), "a new commit changes the plan's revision");

        assertEquals(first, revision(plan("--repo", url, "--ref", "v1")), "a tag");
        assertEquals(first, revision(plan("--repo", url, "--ref", first)), "a commit");
        var missing = plan("--repo", url, "--ref", "no-such-branch");
        assertEquals(1, missing.exitCode());
        assertTrue(missing.err().contains("ref 'no-such-branch' is neither a branch, a tag nor a commit"), missing.err());
    }

    @Test
    void anUnreachableRemoteFallsBackToTheLastRevisionWithAWarning() throws Exception {
        String url;
        try (var daemon = GitDaemon.serve(remotes)) {
            url = daemon.url("config.git");
            var online = plan("--repo", url);
            assertEquals(0, online.exitCode(), online.all());
            assertEquals(first, revision(online));
        }
        var offline = plan("--repo", url);
        assertEquals(0, offline.exitCode(), offline.all());
        assertEquals(first, revision(offline));
        var warning = new ObjectMapper().readTree(offline.out()).path("diagnostics").get(0);
        assertEquals("warning", warning.path("severity").asText(), offline.out());
        String summary = warning.path("summary").asText();
        assertTrue(summary.startsWith("cannot fetch the config repo " + url) && summary.contains("planning from the last fetched revision "
                + first.substring(0, 12)), summary);

        var never = Cli.run("plan", "--repo", url, "--state-dir", tmp.resolve("fresh-state").toString());
        assertEquals(1, never.exitCode());
        assertTrue(never.err().contains("cannot clone the config repo " + url) && never.err().contains("nothing was fetched from it before"), never.err());
    }

    @Test
    void verifyHeadRefusesUnsignedAndForeignCommitsAndPassesSignedOnes() throws Exception {
        Path key = sshKey("allowed");
        Path stranger = sshKey("stranger");
        Path signers = tmp.resolve("allowed_signers");
        Files.writeString(signers, "test@example.com " + Files.readString(Path.of(key + ".pub")));
        Path bootstrap = tmp.resolve("factory.yaml");
        Files.writeString(bootstrap, "source:\n  url: " + remotes.resolve("config.git").toUri() + "\n  path: cfg\n"
                + "  verify:\n    mode: head\n    allowedSigners: allowed_signers\n");
        var args = new String[] {"plan", "--bootstrap", bootstrap.toString(), "--state-dir", state.toString()};

        var unsigned = Cli.run(args);
        assertEquals(1, unsigned.exitCode(), unsigned.all());
        assertTrue(unsigned.err().contains("refusing to plan or apply commit " + first) && unsigned.err().contains("not signed"), unsigned.err());

        String signed = signedCommit(key, "Signed config");
        var good = Cli.run(args);
        assertEquals(0, good.exitCode(), good.all());
        assertTrue(good.out().contains(signed.substring(0, 12)), good.out());

        String foreign = signedCommit(stranger, "Signed by a stranger");
        var bad = Cli.run(args);
        assertEquals(1, bad.exitCode(), bad.all());
        assertTrue(bad.err().contains("refusing to plan or apply commit " + foreign), bad.err());
        var apply = Cli.run("apply", "--bootstrap", bootstrap.toString(), "--state-dir", state.toString(), "--auto-approve");
        assertEquals(1, apply.exitCode(), "apply refuses too");
    }

    private String signedCommit(Path key, String message) throws IOException {
        Files.writeString(work.resolve("cfg/host.yaml"), "host:\n  name: " + message.toLowerCase().replace(' ', '-') + "\n");
        git(work, "add", "-A");
        git(work, "-c", "gpg.format=ssh", "-c", "user.signingkey=" + key, "commit", "-S", "-m", message);
        git(work, "push", "origin", "HEAD:main");
        return git(work, "rev-parse", "HEAD");
    }

    private Path sshKey(String name) throws Exception {
        Path key = tmp.resolve(name);
        Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", key.toString())
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "ssh-keygen failed");
        return key;
    }
}
