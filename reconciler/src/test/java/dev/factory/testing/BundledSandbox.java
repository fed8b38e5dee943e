package dev.factory.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The user's own factory-config and images, copied into a git repository of their own with every
 * host path moved into the sandbox and the Docker engine pointed at a socket that does not exist:
 * the bundled config, planned anywhere, the same way every time.
 */
public final class BundledSandbox {
    private BundledSandbox() {}

    /** Builds the sandbox under {@code root} and returns its config directory. */
    public static Path create(Path root) throws IOException {
        Path repoRoot = Path.of("").toAbsolutePath().getParent();
        copyTree(repoRoot.resolve("factory-config"), root.resolve("factory-config"));
        copyTree(repoRoot.resolve("images"), root.resolve("images"));
        // a config repo, as the project's own is: its images/ is inside its git work tree, so the config may read it
        try {
            org.eclipse.jgit.api.Git.init().setDirectory(root.toFile()).call().close();
        } catch (org.eclipse.jgit.api.errors.GitAPIException e) {
            throw new IOException(e);
        }
        Path config = root.resolve("factory-config");
        Path home = Files.createDirectories(root.resolve("home"));
        Files.createDirectories(root.resolve("secrets"));
        Files.writeString(config.resolve("host.yaml"), "host:\n  name: fuzz\n  stateDir: " + root.resolve("state") + "\n"
                + "  dockerHost: unix://" + root.resolve("no-docker.sock") + "\n  home: " + home + "\n"
                + "  secretsDir: " + root.resolve("secrets") + "\n  disk: {path: " + root + ", highPercent: 99, lowPercent: 98}\n");
        String repos = Files.readString(config.resolve("repos.yaml"))
                .replaceAll("url: \\S+", "url: file://" + root.resolve("no-such-remote.git"))
                .replaceAll("path: /\\S+/([\\w-]+)", "path: " + root.resolve("clones") + "/$1");
        Files.writeString(config.resolve("repos.yaml"), repos);
        String runners = Files.readString(config.resolve("runners.yaml")).replaceAll("repo: ([\\w-]+)", "repo: example/$1");
        Files.writeString(config.resolve("runners.yaml"), runners);
        return config;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target);
            }
        }
    }
}
