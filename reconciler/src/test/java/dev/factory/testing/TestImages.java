package dev.factory.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/** Build contexts for test images: FROM scratch (nothing can be pulled here) plus a static busybox. */
public final class TestImages {
    public static final Path BUSYBOX = Path.of("/bin/busybox");

    private TestImages() {}

    /** A short unique lowercase prefix, so parallel or leftover runs never share names or owners. */
    public static String uniquePrefix() {
        return "fit" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }

    /** A context whose Dockerfile builds on BASE_IMAGE and copies busybox plus one file. */
    public static Path busyboxContext(Path dir, String file, String content) throws IOException {
        Files.createDirectories(dir);
        Files.copy(BUSYBOX, dir.resolve("busybox"));
        Files.writeString(dir.resolve(file), content);
        Files.writeString(dir.resolve("Dockerfile"), "ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nCOPY busybox /bin/busybox\nCOPY " + file + " /\n");
        return dir;
    }

    /** A context that adds one file on top of its parent. */
    public static Path fileContext(Path dir, String file, String content) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(file), content);
        Files.writeString(dir.resolve("Dockerfile"), "ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nCOPY " + file + " /\n");
        return dir;
    }
}
