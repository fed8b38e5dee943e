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
}
