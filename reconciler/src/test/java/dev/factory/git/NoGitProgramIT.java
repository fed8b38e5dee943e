package dev.factory.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.factory.testing.GitCli;
import dev.factory.testing.Jar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.util.FS;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * factory runs no git program. jgit, asked for git's system-wide config, used to run the {@code git}
 * on {@code PATH} to learn where it is ({@code git --version}, then {@code git config --system
 * --show-origin --list}) in every process that read a repository: a program run as root that no
 * one configured, and ~0.4 s of each cold plan here.
 */
class NoGitProgramIT {
    @TempDir
    Path tmp;

    @Test
    void readingAConfigInGitRunsNoGitFromPath() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path ran = tmp.resolve("ran");
        Path fake = bin.resolve("git");
        Files.writeString(fake, "#!/bin/sh\necho \"$*\" >> '" + ran + "'\nexec /usr/bin/git \"$@\"\n");
        assertEquals(true, fake.toFile().setExecutable(true));
        Path repo = tmp.resolve("repo");
        GitCli.git(tmp, "init", repo.toString());
        GitCli.commit(repo, "config/factory.yaml", "host:\n  name: nogit\n  stateDir: ../state\n", "a config");

        var run = Jar.run(Map.of("PATH", bin + ":" + System.getenv("PATH"), "HOME", tmp.toString()), "validate", "--config", repo.resolve("config").toString());

        assertEquals(0, run.exitCode(), run.all());
        assertFalse(Files.exists(ran), () -> "factory ran the git on PATH: " + readQuietly(ran));
    }

    @Test
    void theSystemConfigIsFoundAsGitFindsIt() throws Exception {
        Path system = tmp.resolve("gitconfig");
        Files.writeString(system, "[user]\n\tname = From The System File\n");

        var named = GitRepos.systemConfig(null, FS.DETECTED, name -> name.equals("GIT_CONFIG_SYSTEM") ? system.toString() : null);
        named.load();
        assertEquals("From The System File", named.getString("user", null, "name"));

        var off = GitRepos.systemConfig(null, FS.DETECTED, name -> name.equals("GIT_CONFIG_NOSYSTEM") ? "1" : system.toString());
        off.load();
        assertNull(off.getString("user", null, "name"), "GIT_CONFIG_NOSYSTEM: no system config, even with GIT_CONFIG_SYSTEM set");

        var plain = GitRepos.systemConfig(new Config(), FS.DETECTED, name -> null);
        assertEquals(GitSystemConfig.SYSTEM_CONFIG, plain.getFile());
        assertNull(NoExecFs.INSTANCE.discoverGitExe(), "no git program is looked for");
    }

    private static String readQuietly(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
