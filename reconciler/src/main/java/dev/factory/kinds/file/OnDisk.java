package dev.factory.kinds.file;

import dev.factory.fs.LinkRefused;
import dev.factory.fs.OpenDir;
import dev.factory.fs.TrustedPath;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A rendered file as it is on disk, read and written by directory handle (see
 * {@link TrustedPath}): a link at the path, or on the way to it, is reported and never read
 * through, written through or chmod-ed through.
 */
final class OnDisk {
    /**
     * @param content the file's bytes; null when absent or not a regular file
     * @param blocked why factory will not read or write this path, or null
     */
    record State(byte[] content, String mode, String blocked) {
        State(byte[] content, String blocked) {
            this(content, null, blocked);
        }
    }

    private OnDisk() {}

    static State read(Path path) throws IOException {
        try (var entry = TrustedPath.entry(path, false)) {
            return read(entry.dir(), entry.name(), path);
        } catch (NoSuchFileException e) {
            return new State(null, null);
        } catch (LinkRefused e) {
            return new State(null, e.getMessage());
        }
    }

    /** The entry {@code name} of the open {@code dir}, which is {@code path}. */
    private static State read(OpenDir dir, String name, Path path) throws IOException {
        try {
            var attrs = dir.stat(name).orElse(null);
            if (attrs == null) return new State(null, null);
            if (attrs.isSymbolicLink()) return new State(null, path + " is a symbolic link; factory never writes through a link: remove it");
            if (!attrs.isRegularFile()) return new State(null, path + " is not a regular file; move it away");
            return new State(dir.read(name, FileKind.MAX_FILE), mode(attrs.permissions()), null);
        } catch (NoSuchFileException e) {
            return new State(null, null);
        }
    }

    /** One path's {@link #read}: its state, or why it could not be read. */
    record Read(State state, IOException error) {
        /** The state, or the read's own exception, as {@link #read} of the path alone would end. */
        State get() throws IOException {
            if (error != null) throw error;
            return state;
        }
    }

    /**
     * {@link #read} of each path, walking to each parent directory once for all of its files (a
     * plan's 300 rendered files in one directory: one walk from {@code /}, not 300). The answers are
     * those of a read of each alone: a parent that cannot be opened (absent, a link on the way, not
     * a directory) is left to each file's own read to report, the same way it always has.
     */
    static Map<Path, Read> readAll(Collection<Path> paths) {
        var byParent = new LinkedHashMap<Path, List<Path>>();
        for (Path p : paths) byParent.computeIfAbsent(p.toAbsolutePath().normalize().getParent(), k -> new ArrayList<>()).add(p);
        var out = new HashMap<Path, Read>();
        for (var group : byParent.entrySet()) {
            OpenDir dir = null;
            if (group.getKey() != null && group.getValue().size() > 1) {
                try {
                    dir = TrustedPath.open(group.getKey());
                } catch (IOException | RuntimeException e) {
                    dir = null;   // each file's own read says why
                }
            }
            try (OpenDir shared = dir) {   // null when each file walks alone
                for (Path p : group.getValue()) {
                    try {
                        Path name = p.toAbsolutePath().normalize().getFileName();
                        out.put(p, new Read(shared == null || name == null ? read(p) : read(shared, name.toString(), p), null));
                    } catch (IOException e) {
                        out.put(p, new Read(null, e));
                    }
                }
            } catch (IOException e) {
                // closing a directory read from: nothing was written through it
            }
        }
        return out;
    }

    /**
     * Replaces the file whole (create-new temp file in the opened parent, then rename within it),
     * unless something factory does not own appeared there since the plan.
     */
    static String mode(Set<PosixFilePermission> permissions) {
        int bits = 0;
        for (PosixFilePermission p : permissions) bits |= 1 << (8 - p.ordinal());
        return String.format("%04o", bits);
    }

    /**
     * @param home below it, the file (and any directory made for it) gets the home's owner, so the
     *     person and the agents running as them can read a 0600 file factory wrote as root
     */
    static void write(String address, Path path, byte[] content, boolean owned, Set<PosixFilePermission> mode, Path home) throws IOException {
        try (var entry = TrustedPath.entry(path, true)) {
            var attrs = entry.dir().stat(entry.name()).orElse(null);
            if (attrs != null && attrs.isSymbolicLink()) throw new IOException(address + ": " + path + " is a symbolic link now; left alone");
            if (attrs != null && !attrs.isRegularFile()) throw new IOException(address + ": " + path + " is not a regular file now; left alone");
            if (!owned && attrs != null && !Arrays.equals(entry.dir().read(entry.name(), FileKind.MAX_FILE), content)) {
                throw new IOException(address + ": " + path + " appeared after the plan was made and is not factory's; not overwriting it");
            }
            entry.dir().replace(entry.name(), content, mode);
            if (home != null && path.toAbsolutePath().normalize().startsWith(home)) giveToHomeOwner(entry.dir(), entry.name(), home);
        } catch (LinkRefused e) {
            throw new IOException(address + ": " + e.getMessage(), e);
        }
    }

    /** Deletes the file only while it still holds what factory wrote. */
    static void deleteIfUnchanged(String address, Path path, String hash) throws IOException {
        try (var entry = TrustedPath.entry(path, false)) {
            var attrs = entry.dir().stat(entry.name()).orElse(null);
            if (attrs == null) return;
            if (!attrs.isRegularFile()) throw new IOException(address + ": " + path + " is no longer a regular file; left in place");
            if (!dev.factory.runtime.Sha256.hex(entry.dir().read(entry.name(), FileKind.MAX_FILE)).equals(hash)) {
                throw new IOException(address + ": " + path + " was edited after the plan was made; left in place");
            }
            entry.dir().removeFile(entry.name());
        } catch (NoSuchFileException e) {
            // already gone
        } catch (LinkRefused e) {
            throw new IOException(address + ": " + e.getMessage(), e);
        }
    }

    /** chown by handle, no link followed; only possible as root, and only needed then. */
    private static void giveToHomeOwner(dev.factory.fs.OpenDir dir, String name, Path home) throws IOException {
        if (!"root".equals(System.getProperty("user.name"))) return;
        PosixFileAttributes owner;
        try (var h = TrustedPath.open(home)) {
            owner = h.attributes();
        }
        dir.chown(name, owner.owner(), owner.group());
    }
}
