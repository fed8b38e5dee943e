package dev.factory.config;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * A directory of the invoking user's cache that only that user can write: one that is a link, is
 * owned by someone else, or is writable by group or others is not used (what is read from it
 * decides what a load skips).
 */
final class PrivateCacheDir {
    private static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rwx------");

    private PrivateCacheDir() {}

    /** {@code dir} when it is one only this user can write (made, private, when asked to); else null. */
    static Path usable(Path dir, boolean create) {
        try {
            if (create && !Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(dir.getParent());
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PRIVATE));
            }
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) return null;
            var attrs = Files.readAttributes(dir, java.nio.file.attribute.PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            var me = java.nio.file.FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(System.getProperty("user.name"));
            boolean othersWrite = attrs.permissions().contains(PosixFilePermission.GROUP_WRITE) || attrs.permissions().contains(PosixFilePermission.OTHERS_WRITE);
            return attrs.owner().equals(me) && !othersWrite ? dir : null;
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }
}
