package dev.factory.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * When a walk by handle follows a link on its way: only when every directory before it, from
 * {@code /}, is root's or factory's own user's and writable by no one else (so no one else could
 * have planted the link). Otherwise the walk is refused, wherever on the way the open directory is.
 */
class TrustedPathIT {
    private Path base;

    @BeforeEach
    void setUp() throws Exception {
        base = Files.createTempDirectory(trustedPlace(), "trusted-path-");
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(base.resolve("real/sub"));
        Files.writeString(base.resolve("real/sub/file"), "x");
    }

    /**
     * A directory every directory on the way to which, from {@code /}, is root's or this user's and
     * writable by no one else: not under {@code /tmp} (writable by everyone, so no link below it is
     * ever followed), nor the build's own test home, which CI checks out under {@code /tmp}.
     */
    private static Path trustedPlace() throws java.io.IOException {
        var candidates = new java.util.ArrayList<Path>();
        if (System.getenv("HOME") != null) candidates.add(Path.of(System.getenv("HOME")));
        candidates.addAll(java.util.List.of(Path.of("/var/lib"), Path.of("/root"), Path.of("/opt")));
        for (Path candidate : candidates) {
            if (!Files.isWritable(candidate)) continue;
            boolean trusted = true;
            for (Path p = candidate.toRealPath(); p != null; p = p.getParent()) {
                var attrs = Files.readAttributes(p, java.nio.file.attribute.PosixFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                trusted &= TrustedPath.trusted(attrs);
            }
            if (trusted) return candidate.toRealPath();
        }
        throw new IllegalStateException("no writable directory here is reached only through directories no one else can write: " + candidates);
    }

    @AfterEach
    void tearDown() throws Exception {
        try (var walk = Files.walk(base)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void aLinkBelowDirectoriesOnlyTheOwnerCanWriteIsFollowed() throws Exception {
        Files.createSymbolicLink(base.resolve("link"), base.resolve("real"));
        try (OpenDir dir = TrustedPath.open(base.resolve("link/sub"))) {
            assertEquals(java.util.List.of("file"), dir.names());
        }
    }

    @Test
    void aLinkInADirectoryOthersCanWriteIsRefused() throws Exception {
        Path open = Files.createDirectories(base.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.createSymbolicLink(open.resolve("link"), base.resolve("real"));
        assertThrows(LinkRefused.class, () -> TrustedPath.open(open.resolve("link/sub")));
    }

    @Test
    void anOpenDirectoryFurtherUpTheWayRefusesTheLinkToo() throws Exception {
        Path open = Files.createDirectories(base.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path inner = Files.createDirectories(open.resolve("inner"));   // 0755 and ours: but anyone could have swapped it in
        Files.createSymbolicLink(inner.resolve("link"), base.resolve("real"));
        assertThrows(LinkRefused.class, () -> TrustedPath.open(inner.resolve("link/sub")));

        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (OpenDir dir = TrustedPath.open(inner.resolve("link/sub"))) {
            assertEquals(java.util.List.of("file"), dir.names(), "the same way, once no one else can write it");
        }
    }

    @Test
    void aPathWithNoLinkOpensWhateverTheWayIsWritableBy() throws Exception {
        Path open = Files.createDirectories(base.resolve("open/inner"));
        Files.setPosixFilePermissions(base.resolve("open"), PosixFilePermissions.fromString("rwxrwxrwx"));
        try (OpenDir dir = TrustedPath.open(open)) {
            assertEquals(java.util.List.of(), dir.names());
        }
    }
}
