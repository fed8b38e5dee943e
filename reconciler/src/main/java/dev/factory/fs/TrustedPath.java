package dev.factory.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;

/**
 * Opens a declared path as an {@link OpenDir}, walking from {@code /} one component at a time by
 * handle. A symbolic link on the way is followed only while every directory walked so far could
 * have been changed by nobody but root (or factory's own user): owned by it and writable by
 * neither group nor others, as {@code /usr/local} or an operator's {@code /srv} link are. From
 * the first directory someone else can write (an agent's workspace, a home directory, {@code /tmp})
 * no link is followed, at any depth, and the walk fails with {@link LinkRefused} instead.
 *
 * <p>This is the same rule systemd's {@code chase()} applies with {@code CHASE_SAFE}, and the reason
 * a link an agent planted can never steer a root process's write or delete.
 */
public final class TrustedPath {
    private static final int MAX_LINKS = 40;
    private static final String SELF = System.getProperty("user.name");

    private TrustedPath() {}

    /** Opens an existing directory. */
    public static OpenDir open(Path dir) throws IOException {
        return walk(dir, false);
    }

    /** Opens a directory, creating missing components (mode 0755) by handle. */
    public static OpenDir openCreating(Path dir) throws IOException {
        return walk(dir, true);
    }

    private static OpenDir walk(Path dir, boolean create) throws IOException {
        if (!dir.isAbsolute()) throw new IllegalArgumentException("not an absolute path: " + dir);
        Path wanted = dir.normalize();
        for (int links = 0; ; links++) {
            if (links > MAX_LINKS) throw new IOException(dir + ": more than " + MAX_LINKS + " symbolic links on the way");
            OpenDir current = OpenDir.root();
            Path walked = Path.of("/");
            // each directory's attributes as walked; judged only when a link is met (an owner's name is a
            // password-file lookup per directory, and most walks meet no link)
            var onTheWay = new java.util.ArrayList<PosixFileAttributes>();
            onTheWay.add(current.attributes());
            Path restart = null;
            try {
                for (int i = 0; i < wanted.getNameCount(); i++) {
                    String name = wanted.getName(i).toString();
                    var attrs = current.stat(name).orElse(null);
                    if (attrs == null) {
                        if (!create) throw new NoSuchFileException(walked.resolve(name).toString());
                        current.mkdir(name);
                        attrs = current.stat(name).orElse(null);
                        if (attrs == null) throw new NoSuchFileException(walked.resolve(name).toString());
                    }
                    if (attrs.isSymbolicLink()) {
                        if (!onTheWay.stream().allMatch(TrustedPath::trusted)) throw new LinkRefused(walked.resolve(name));
                        // every directory so far is root's alone, so reading the link by path reads this very link
                        Path target = Files.readSymbolicLink(walked.resolve(name));
                        Path rest = i + 1 < wanted.getNameCount() ? wanted.subpath(i + 1, wanted.getNameCount()) : Path.of("");
                        restart = walked.resolve(target).resolve(rest).normalize();
                        break;
                    }
                    if (!attrs.isDirectory()) throw new NotDirectoryException(walked.resolve(name).toString());
                    OpenDir next = current.dir(name);
                    current.close();
                    current = next;
                    walked = walked.resolve(name);
                    onTheWay.add(attrs);
                }
            } catch (IOException | RuntimeException e) {
                current.close();
                throw e;
            }
            if (restart == null) return current;
            current.close();
            wanted = restart;
        }
    }

    /** Owned by root or by factory's own user, and writable by nobody else. */
    static boolean trusted(PosixFileAttributes attrs) {
        String owner = attrs.owner().getName();
        boolean ownerTrusted = owner.equals("root") || owner.equals(SELF);
        var perms = attrs.permissions();
        return ownerTrusted && !perms.contains(PosixFilePermission.GROUP_WRITE) && !perms.contains(PosixFilePermission.OTHERS_WRITE);
    }

    /**
     * Opens {@code file}'s parent and hands back both, so callers work on the last component by
     * name inside the handle.
     */
    public static Entry entry(Path file, boolean createParents) throws IOException {
        Path abs = file.toAbsolutePath().normalize();
        if (abs.getParent() == null || abs.getFileName() == null) throw new IllegalArgumentException("not a file path: " + file);
        OpenDir parent = createParents ? openCreating(abs.getParent()) : open(abs.getParent());
        return new Entry(parent, abs.getFileName().toString());
    }

    /** Removes a file or a whole tree by handle, no link followed; nothing when it is absent. */
    public static OpenDir.Removed removeTree(Path path) throws IOException {
        try (var entry = entry(path, false)) {
            return entry.dir().removeTree(entry.name());
        } catch (NoSuchFileException e) {
            return OpenDir.Removed.NONE;
        }
    }

    /** An open parent directory and the name of an entry in it. */
    public record Entry(OpenDir dir, String name) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            dir.close();
        }
    }
}
