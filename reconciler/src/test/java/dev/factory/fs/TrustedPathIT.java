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
        // not under /tmp: it is writable by everyone, so no link below it is ever followed. The user's home
        // is the user's own and writable by no one else.
        base = Files.createTempDirectory(Path.of(System.getProperty("user.home")), "trusted-path-");
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(base.resolve("real/sub"));
        Files.writeString(base.resolve("real/sub/file"), "x");
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
