package dev.factory.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.kinds.container.GitGuard;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rendered guard run by the shells the images have (dash as Debian's /bin/sh, busybox sh),
 * in front of a stand-in real git that says what it was asked: every denied spelling is refused
 * with the rule named and never reaches it; everything else reaches it with its arguments intact.
 */
class GitGuardScriptIT {
    @TempDir
    Path tmp;

    private Path guard;
    private String shell;

    private void render(String shell, List<String> deny) throws IOException {
        this.shell = shell;
        Path real = tmp.resolve("real-git");
        // the stand-in answers `config --get alias.NAME` from ALIAS_NAME and otherwise prints its arguments
        Files.writeString(real, """
                #!/bin/sh
                if [ "$1" = config ] && [ "$2" = --get ]; then
                  case $3 in alias.fp) echo 'push --force' ;; alias.st) echo 'status -s' ;; alias.sh) echo '!rm -rf /' ;; *) exit 1 ;; esac
                  exit 0
                fi
                printf 'REAL'; for a; do printf ' [%s]' "$a"; done; echo
                """);
        real.toFile().setExecutable(true);
        guard = tmp.resolve("git");
        Files.writeString(guard, new GitGuard(deny, real.toString()).script("agent"));
        Files.setPosixFilePermissions(guard, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private record Run(int exit, String out, String err) {}

    private Run git(String... args) throws IOException, InterruptedException {
        var cmd = new ArrayList<>(List.of(shell.split(" ")));
        cmd.add(guard.toString());
        cmd.addAll(List.of(args));
        var errFile = tmp.resolve("err");
        Process p = new ProcessBuilder(cmd).redirectError(errFile.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        return new Run(p.exitValue(), out, Files.readString(errFile));
    }

    private void refused(String rule, String... args) throws Exception {
        var r = git(args);
        assertEquals(GitGuard.REFUSED, r.exit(), String.join(" ", args) + " -> " + r);
        assertEquals("", r.out(), "the real git is never run: " + r);
        assertTrue(r.err().contains("refused 'git " + String.join(" ", args) + "'") && r.err().contains("the rule '" + rule + "'"), r.err());
    }

    private void passed(String... args) throws Exception {
        var r = git(args);
        assertEquals(0, r.exit(), String.join(" ", args) + " -> " + r);
        var expected = new StringBuilder("REAL");
        for (String a : args) expected.append(" [").append(a).append("]");
        assertEquals(expected + "\n", r.out(), "the real git gets the very arguments");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/bin/sh", "/bin/busybox sh"})
    void theDefaultRulesRefuseEverySpellingAndPassTheRest(String sh) throws Exception {
        render(sh, GitGuard.DEFAULT_DENY);
        refused("push --force", "push", "--force");
        refused("push --force", "push", "-f", "origin", "main");
        refused("push --force", "push", "-uf", "origin", "main");
        refused("push --force", "push", "--force-with-lease=main:abc", "origin");
        refused("push --force", "push", "origin", "+main");
        refused("push --force", "push", "origin", "+HEAD:refs/heads/main");
        refused("push --force", "-C", "/work", "-c", "user.name=x", "push", "--force");
        refused("push --force", "--no-pager", "push", "-f");
        refused("reset --hard", "reset", "--hard");
        refused("reset --hard", "reset", "--hard", "HEAD~3");
        refused("clean -f", "clean", "-f");
        refused("clean -f", "clean", "-fdx");
        refused("clean -f", "clean", "-xdf");
        refused("clean -f", "clean", "--force", "-d");
        refused("checkout .", "checkout", ".");
        refused("checkout .", "checkout", "--", ".");
        refused("checkout .", "checkout", "HEAD", "--", ":/");
        refused("restore .", "restore", ".");
        refused("restore .", "restore", "--source=HEAD", "--", "./");
        refused("push --force", "fp", "origin", "main");

        passed("commit", "-m", "a message with -f and --force and . in it");
        passed("push");
        passed("push", "local", "qa/feature");
        passed("push", "--follow-tags", "origin");
        passed("push", "origin", "--", "+notaflag");
        passed("reset", "--soft", "HEAD~1");
        passed("reset");
        passed("clean", "-n");
        passed("clean", "--dry-run", "-d");
        passed("checkout", "main");
        passed("checkout", "-b", "feature");
        passed("checkout", "--", "src/app.ts");
        passed("restore", "src/app.ts");
        passed("status");
        passed("st");
        passed("--version");
        passed();
        passed("log", "--format=%H -f .", "--", "docs");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/bin/sh", "/bin/busybox sh"})
    void ownRulesReplaceTheDefaults(String sh) throws Exception {
        render(sh, List.of("branch -D", "stash drop", "push --delete"));
        refused("branch -D", "branch", "-D", "feature");
        refused("stash drop", "stash", "drop");
        refused("push --delete", "push", "origin", "--delete", "old");
        passed("branch", "-d", "feature");
        passed("stash", "list");
        passed("push", "--force");
        passed("reset", "--hard");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/bin/sh", "/bin/busybox sh"})
    void withoutTheRealGitItSaysSo(String sh) throws Exception {
        render(sh, GitGuard.DEFAULT_DENY);
        Files.delete(tmp.resolve("real-git"));
        var r = git("status");
        assertEquals(127, r.exit(), r.toString());
        assertTrue(r.err().contains("the real git (" + tmp.resolve("real-git") + ") is not in this image"), r.err());
    }
}
