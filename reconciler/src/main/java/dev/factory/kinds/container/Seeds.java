package dev.factory.kinds.container;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** The one-file tars seeds are copied in (owned by the profile's user so the agent may edit them), and the git guard (root's). */
final class Seeds {
    private Seeds() {}

    /** {@code uid:gid} of a profile's numeric user ({@code 1000}, {@code 1000:1000}); a name leaves it to root (0:0). */
    static int[] owner(String user) {
        String[] parts = user == null ? new String[0] : user.split(":", 2);
        int uid = parts.length > 0 && parts[0].matches("\\d+") ? Integer.parseInt(parts[0]) : 0;
        int gid = parts.length > 1 && parts[1].matches("\\d+") ? Integer.parseInt(parts[1]) : uid;
        return new int[] {uid, gid};
    }

    static byte[] tar(String name, byte[] content, int uid, int gid) throws IOException {
        return tar(name, content, uid, gid, 0644);
    }

    static byte[] tar(String name, byte[] content, int uid, int gid, int mode) throws IOException {
        var out = new ByteArrayOutputStream();
        try (var tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            var entry = new TarArchiveEntry(name);
            entry.setSize(content.length);
            entry.setMode(0100000 | mode);
            entry.setUserId(uid);
            entry.setGroupId(gid);
            tar.putArchiveEntry(entry);
            tar.write(content);
            tar.closeArchiveEntry();
        }
        return out.toByteArray();
    }

    /**
     * Puts the profile's git guard into a created, not yet started container: root's, mode 0755,
     * in a directory of root's, so the agent's user can neither change nor remove it.
     */
    static void installGitGuard(dev.factory.engine.port.ContainerEngine engine, String id, ProfileSpec profile) throws IOException {
        if (profile.git() == null) return;
        byte[] script = profile.git().script(profile.name()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try {
            copyFile(engine, id, GitGuard.PATH, script, 0, 0, 0755);
        } catch (RuntimeException e) {
            throw new IOException("profile " + profile.name() + ": cannot put its git guard at " + GitGuard.PATH + " ("
                    + dev.factory.runtime.Errors.rootMessage(e) + "); its image needs the directory " + directory(GitGuard.PATH), e);
        }
    }

    /** Copies one file to {@code path} in the container through the archive API: a one-entry tar unpacked in its directory. */
    private static void copyFile(dev.factory.engine.port.ContainerEngine engine, String id, String path, byte[] content, int uid, int gid,
                                 int mode) throws IOException {
        String name = path.substring(path.lastIndexOf('/') + 1);
        engine.copyInto(id, new java.io.ByteArrayInputStream(tar(name, content, uid, gid, mode)), directory(path));
    }

    /** The directory of an absolute path in the container: {@code /} for a file at the root. */
    private static String directory(String path) {
        int slash = path.lastIndexOf('/');
        return slash == 0 ? "/" : path.substring(0, slash);
    }

    static final long SEED_LIMIT = 16L << 20;

    /**
     * Puts each seed into the created, not yet started container where nothing is at its path:
     * through the engine's archive API (the container's own view, links resolved inside it), no
     * program run. What is there is never touched.
     */
    static void seed(dev.factory.engine.port.ContainerEngine engine, String id, ContainerSpec spec) throws IOException {
        int[] owner = owner(spec.profile().user());
        for (SeedSpec seed : spec.seeds()) {
            if (engine.exists(id, seed.path())) continue;
            byte[] content;
            if (seed.file() != null) {
                content = java.nio.file.Files.readAllBytes(seed.file());
            } else {
                content = engine.readFile(id, seed.fromImage(), SEED_LIMIT)
                        .orElseThrow(() -> new IOException(spec.address() + ": seed " + seed.path() + " comes from " + seed.source()
                                + ", which is not a regular file in " + spec.image()));
            }
            try {
                copyFile(engine, id, seed.path(), content, owner[0], owner[1], 0644);
            } catch (RuntimeException e) {
                throw new IOException(spec.address() + ": cannot seed " + seed.path() + " (" + dev.factory.runtime.Errors.rootMessage(e)
                        + "); its directory must exist in the container", e);
            }
        }
    }
}
