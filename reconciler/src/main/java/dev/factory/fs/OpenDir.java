package dev.factory.fs;

import dev.factory.runtime.Failpoints;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A directory held open by handle. Every name is resolved inside it with no-follow semantics
 * ({@code openat}/{@code unlinkat}/{@code renameat} through Java's {@link SecureDirectoryStream}):
 * a symbolic link is never followed by a read, a write or a delete, and replacing a directory by a
 * link while factory works below it does not redirect factory anywhere.
 *
 * <p>How a handle is first obtained is {@link TrustedPath}'s business; below it, nothing is ever
 * followed.
 */
public final class OpenDir implements Closeable {
    /** Deeper trees are refused rather than walked: each level holds a file descriptor. */
    public static final int MAX_DEPTH = 256;
    private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwxr-xr-x");

    private final SecureDirectoryStream<Path> handle;
    private final Path path;

    OpenDir(SecureDirectoryStream<Path> handle, Path path) {
        this.handle = handle;
        this.path = path;
    }

    /** Opens {@code /}, the one directory that cannot be a link. */
    static OpenDir root() throws IOException {
        DirectoryStream<Path> stream = Files.newDirectoryStream(Path.of("/"));
        if (!(stream instanceof SecureDirectoryStream<Path> secure)) {
            stream.close();
            throw new IOException("this platform cannot open directories by handle (no openat); factory needs Linux");
        }
        return new OpenDir(secure, Path.of("/"));
    }

    /** The path this handle was opened at; for messages only, never to reach the directory again. */
    public Path path() {
        return path;
    }

    /** The directory's own attributes ({@code fstat} on the handle). */
    public PosixFileAttributes attributes() throws IOException {
        return handle.getFileAttributeView(PosixFileAttributeView.class).readAttributes();
    }

    /** {@code lstat} of an entry: a link is reported as a link. Empty when absent. */
    public Optional<PosixFileAttributes> stat(String name) throws IOException {
        check(name);
        try {
            return Optional.of(handle.getFileAttributeView(Path.of(name), PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).readAttributes());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** Opens a child directory; refuses a link (the open is {@code O_NOFOLLOW}, so a swap after a stat fails too). */
    public OpenDir dir(String name) throws IOException {
        check(name);
        try {
            return new OpenDir((SecureDirectoryStream<Path>) handle.newDirectoryStream(Path.of(name), LinkOption.NOFOLLOW_LINKS), path.resolve(name));
        } catch (java.nio.file.FileSystemException e) {
            if (stat(name).map(PosixFileAttributes::isSymbolicLink).orElse(false) || String.valueOf(e.getReason()).contains("symbolic link")) {
                throw new LinkRefused(path.resolve(name));
            }
            throw e;
        }
    }

    /** The entries' names, sorted. */
    public List<String> names() throws IOException {
        var out = new ArrayList<String>();
        try (var again = handle.newDirectoryStream(Path.of("."), LinkOption.NOFOLLOW_LINKS)) {
            for (Path p : again) out.add(p.getFileName().toString());
        }
        out.sort(null);
        return out;
    }

    /**
     * Reads a regular file, at most {@code max} bytes. A link, a directory, a FIFO or a device is
     * not read: the caller learns what it is from {@link #stat}.
     */
    public byte[] read(String name, int max) throws IOException {
        var attrs = stat(name).orElseThrow(() -> new NoSuchFileException(path.resolve(name).toString()));
        if (!attrs.isRegularFile()) throw new IOException(path.resolve(name) + " is not a regular file; not reading it");
        if (attrs.size() > max) throw new IOException(path.resolve(name) + " is larger than " + max + " bytes; not reading it");
        try (SeekableByteChannel ch = handle.newByteChannel(Path.of(name), Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
            var buffer = ByteBuffer.allocate((int) Math.min(max, Math.max(attrs.size(), 0)) + 1);
            while (buffer.hasRemaining() && ch.read(buffer) > 0) {
                // read until the end or one byte past max
            }
            if (buffer.position() > max) throw new IOException(path.resolve(name) + " grew past " + max + " bytes while read; not reading it");
            var out = new byte[buffer.position()];
            buffer.flip().get(out);
            return out;
        }
    }

    /**
     * Replaces {@code name} whole: a new temp file created in this directory ({@code O_CREAT|O_EXCL|O_NOFOLLOW}),
     * written, synced, given {@code mode}, then renamed over the name. A link at the name is replaced
     * as a link, never written through. Temp files a killed writer left for this name are removed first.
     */
    public void replace(String name, byte[] content, Set<PosixFilePermission> mode) throws IOException {
        check(name);
        String prefix = "." + name + ".tmp-";
        for (String other : names()) {
            if (other.startsWith(prefix)) removeFile(other);
        }
        if (stat(name).map(PosixFileAttributes::isDirectory).orElse(false)) {
            throw new IOException(path.resolve(name) + " is a directory; not replacing it with a file");
        }
        String tmp = prefix + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
        Path tmpName = Path.of(tmp);
        try {
            try (SeekableByteChannel ch = handle.newByteChannel(tmpName, Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW,
                    LinkOption.NOFOLLOW_LINKS), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) ch.write(buffer);
                if (ch instanceof java.nio.channels.FileChannel fc) fc.force(true);
            }
            handle.getFileAttributeView(tmpName, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setPermissions(mode);
            Failpoints.pause(Failpoints.BEFORE_RENAME);
            handle.move(tmpName, handle, Path.of(name));
        } catch (IOException e) {
            try {
                handle.deleteFile(tmpName);
            } catch (IOException ignored) {
                // never created, or already renamed
            }
            throw e;
        }
    }

    /** Creates a child directory (mode 0755) inside this very directory, never through a path. */
    public void mkdir(String name) throws IOException {
        check(name);
        Path inside = DescriptorPaths.of(handle).map(fd -> fd.resolve(name)).orElse(null);
        try {
            if (inside != null) {
                Files.createDirectory(inside, PosixFilePermissions.asFileAttribute(DIR_MODE));
                return;
            }
            // no descriptor path on this JVM: create by path, then prove it landed here
            Files.createDirectory(path.resolve(name), PosixFilePermissions.asFileAttribute(DIR_MODE));
        } catch (FileAlreadyExistsException e) {
            // made by someone else meanwhile: the caller opens it no-follow, which refuses a link
        }
        if (!stat(name).map(PosixFileAttributes::isDirectory).orElse(false)) {
            throw new IOException("created " + path.resolve(name) + " but it is not a directory here now; left alone");
        }
    }

    /** Gives an entry to a user and group by handle; a link is refused (the change is {@code O_NOFOLLOW}). */
    public void chown(String name, java.nio.file.attribute.UserPrincipal user, java.nio.file.attribute.GroupPrincipal group) throws IOException {
        check(name);
        var view = handle.getFileAttributeView(Path.of(name), PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        view.setOwner(user);
        view.setGroup(group);
    }

    /** Sets an entry's mode by handle; a link is refused ({@code O_NOFOLLOW}). */
    public void chmod(String name, Set<PosixFilePermission> mode) throws IOException {
        check(name);
        handle.getFileAttributeView(Path.of(name), PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setPermissions(mode);
    }

    /** Unlinks a non-directory entry; a link is removed as a link. */
    public void removeFile(String name) throws IOException {
        check(name);
        handle.deleteFile(Path.of(name));
    }

    /**
     * Removes an entry and, for a directory, everything below it, opening each level by handle.
     * Links are removed as links. Returns what went.
     */
    public Removed removeTree(String name) throws IOException {
        return removeTree(name, 0);
    }

    private Removed removeTree(String name, int depth) throws IOException {
        var attrs = stat(name).orElse(null);
        if (attrs == null) return Removed.NONE;
        if (!attrs.isDirectory()) {
            handle.deleteFile(Path.of(name));
            return new Removed(1, attrs.isRegularFile() ? attrs.size() : 0);
        }
        if (depth >= MAX_DEPTH) throw new IOException(path.resolve(name) + " is nested deeper than " + MAX_DEPTH + " levels; not removing it");
        Removed total = Removed.NONE;
        try (OpenDir child = dir(name)) {
            for (String entry : child.names()) total = total.plus(child.removeTree(entry, depth + 1));
        }
        handle.deleteDirectory(Path.of(name));
        return total;
    }

    /**
     * Files, bytes and the newest modification time below an entry (itself included), without
     * following links; a link counts as a file of size 0.
     */
    public TreeStat statTree(String name) throws IOException {
        return statTree(name, 0);
    }

    private TreeStat statTree(String name, int depth) throws IOException {
        var attrs = stat(name).orElseThrow(() -> new NoSuchFileException(path.resolve(name).toString()));
        var own = new TreeStat(attrs.isDirectory() ? 0 : 1, attrs.isRegularFile() ? attrs.size() : 0, attrs.lastModifiedTime().toInstant());
        if (!attrs.isDirectory()) return own;
        if (depth >= MAX_DEPTH) throw new IOException(path.resolve(name) + " is nested deeper than " + MAX_DEPTH + " levels");
        TreeStat total = own;
        try (OpenDir child = dir(name)) {
            for (String entry : child.names()) total = total.plus(child.statTree(entry, depth + 1));
        }
        return total;
    }

    private void check(String name) {
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0 || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("not a plain name: '" + name + "'");
        }
    }

    @Override
    public void close() throws IOException {
        handle.close();
    }

    /** What a removal took away. */
    public record Removed(long files, long bytes) {
        public static final Removed NONE = new Removed(0, 0);

        public Removed plus(Removed o) {
            return new Removed(files + o.files, bytes + o.bytes);
        }
    }

    /** A tree's size: files (not directories), bytes of regular files, the newest mtime of anything in it. */
    public record TreeStat(long files, long bytes, java.time.Instant newest) {
        public TreeStat plus(TreeStat o) {
            return new TreeStat(files + o.files, bytes + o.bytes, newest.isAfter(o.newest) ? newest : o.newest);
        }
    }
}
