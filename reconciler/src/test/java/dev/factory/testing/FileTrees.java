package dev.factory.testing;

import dev.factory.kinds.image.BuildInputs;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Fingerprints and clean-up of test trees, never following a link. */
public final class FileTrees {
    private FileTrees() {}

    /** Every entry below {@code root}: path, type, mode, and content digest (files) or target (links). */
    public static String fingerprint(Path root) throws IOException {
        var out = new TreeMap<String, String>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                out.put(root.relativize(dir) + "/", mode(dir));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String what = attrs.isSymbolicLink() ? "link " + Files.readSymbolicLink(file)
                        : attrs.isRegularFile() ? mode(file) + " " + dev.factory.runtime.Sha256.hex(Files.readAllBytes(file)) : "other";
                out.put(root.relativize(file).toString(), what);
                return FileVisitResult.CONTINUE;
            }
        });
        return out.toString();
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    public static void delete(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    public static void chownTree(Path root, int uid, int gid) throws IOException, InterruptedException {
        var p = new ProcessBuilder("chown", "-R", "-h", uid + ":" + gid, root.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new IOException("chown failed: " + out);
    }

    /** Root is needed to give files to another uid; CI runs as root, a laptop run aborts instead. */
    public static void requireRoot() {
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) return;
        if ("1".equals(System.getenv("FACTORY_REQUIRE_DOCKER")) || System.getenv("CI") != null) {
            throw new IllegalStateException("this test gives files to uid 1000 and needs root; CI runs as root");
        }
        org.junit.jupiter.api.Assumptions.abort("needs root to chown files to uid 1000");
    }
}
