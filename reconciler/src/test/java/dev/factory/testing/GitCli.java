package dev.factory.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** git's own CLI for setting up test repositories, independently of the jgit code under test. */
public final class GitCli {
    private GitCli() {}

    public static String git(Path dir, String... args) {
        var cmd = new ArrayList<>(List.of("git", "-c", "user.name=Test", "-c", "user.email=test@example.com",
                "-c", "init.defaultBranch=main", "-c", "protocol.file.allow=always"));
        cmd.addAll(List.of(args));
        try {
            Files.createDirectories(dir);
            var pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
            pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
            pb.environment().put("HOME", dir.toString());
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("git " + String.join(" ", args) + " in " + dir + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A bare repo {@code name.git} under {@code root}, seeded from a work tree with one commit per file map. */
    public static Path bareWithCommit(Path root, String name, String file, String content) throws IOException {
        Path bare = root.resolve(name + ".git");
        git(root, "init", "--bare", bare.toString());
        Path work = root.resolve(name + "-seed");
        git(root, "clone", bare.toString(), work.toString());
        commit(work, file, content, "first");
        git(work, "push", "origin", "HEAD:main");
        return bare;
    }

    public static String commit(Path work, String file, String content, String message) throws IOException {
        Path f = work.resolve(file);
        Files.createDirectories(f.getParent());
        Files.writeString(f, content);
        git(work, "add", "-A");
        git(work, "commit", "-m", message);
        return git(work, "rev-parse", "HEAD");
    }
}
