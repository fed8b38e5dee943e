package dev.factory.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The Debian base the real images build on, made by {@code images/debian-base} (debootstrap, docker import) when the engine lacks it. */
public final class DebianBase {
    public static final String REF = "debootstrap/debian:bookworm";
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    private DebianBase() {}

    public static synchronized String ensure() throws IOException, InterruptedException {
        if (DockerCli.imageExists(REF)) return REF;
        Process p = new ProcessBuilder(ROOT.resolve("images/debian-base").toString(), REF).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) throw new AssertionError("images/debian-base failed:\n" + out);
        return REF;
    }

    /** The repository's own images/NAME directory (a context a test copies). */
    public static Path context(String name) {
        return ROOT.resolve("images").resolve(name);
    }

    /** A Debian image with git (and nothing of factory's), built once per engine from {@link #ensure()} with apt over the host network. */
    public static final String WITH_GIT = "factory-test/debian-git:bookworm";

    public static synchronized String withGit() throws IOException, InterruptedException {
        if (DockerCli.imageExists(WITH_GIT)) return WITH_GIT;
        String base = ensure();
        java.nio.file.Path context = java.nio.file.Files.createTempDirectory("debian-git");
        java.nio.file.Files.writeString(context.resolve("Dockerfile"), "FROM " + base + "\n"
                + "RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends git"
                + " && rm -rf /var/lib/apt/lists/*\n");
        Process p = new ProcessBuilder("docker", "build", "--network", "host", "-t", WITH_GIT, context.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) throw new AssertionError("building " + WITH_GIT + " failed:\n" + out);
        return WITH_GIT;
    }
}
