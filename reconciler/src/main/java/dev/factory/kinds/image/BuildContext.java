package dev.factory.kinds.image;

import static dev.factory.fs.UnixAttributes.S_IFDIR;
import static dev.factory.fs.UnixAttributes.S_IFLNK;
import static dev.factory.fs.UnixAttributes.S_IFMT;
import static dev.factory.fs.UnixAttributes.S_IFREG;
import static dev.factory.fs.UnixAttributes.nanos;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * An image's build context on disk: the files Docker would receive after {@code .dockerignore},
 * read once into {@link BuildInputs} and written as the build tar from that same list, so what is
 * hashed is what is built.
 */
public final class BuildContext {
    /** Where a Dockerfile from outside the context is placed inside the tar. */
    static final String OUTSIDE_DOCKERFILE = ".factory.Dockerfile";
    /** The directory factory adds to every build context; a context of its own may not hold it. */
    static final String RESERVED = ".factory";
    /** The build's extra CA files, for a stage that fetches (always present, maybe empty). */
    static final String CA_DIR = RESERVED + "/ca";
    /** The same files again when host.build.keepCaCertificates is set, for the final stage; else empty. */
    static final String CA_KEEP_DIR = RESERVED + "/ca-keep";

    private final ImageSpec spec;
    private final BuildInputs inputs;

    private BuildContext(ImageSpec spec, BuildInputs inputs) {
        this.spec = spec;
        this.inputs = inputs;
    }

    public BuildInputs inputs() {
        return inputs;
    }

    public static BuildContext read(ImageSpec spec) throws IOException {
        return read(spec, ContextDigests.none());
    }

    /**
     * Walks the context once (one {@code lstat} per entry), reusing {@code digests} for files whose
     * stat is unchanged, and saves what it learned back to them.
     */
    public static BuildContext read(ImageSpec spec, ContextDigests digests) throws IOException {
        return read(spec, digests, null);
    }

    /**
     * As above; with {@code warm}, the walk of a context none of whose directories changed since
     * the last one is reused (the Dockerfile, when outside the context, and CA files are read
     * every time).
     */
    static BuildContext read(ImageSpec spec, ContextDigests digests, WarmContexts warm) throws IOException {
        Path root = spec.context();
        String dockerfilePath = dockerfilePath(spec);
        Map<String, String> files = warm == null
                ? walk(root, dockerfilePath, digests, Watcher.NONE)
                : warm.files(unit(spec), watcher -> walk(root, dockerfilePath, digests, watcher));
        String dockerfileDigest = digest(spec.dockerfile());
        return new BuildContext(spec, new BuildInputs(dockerfilePath, dockerfileDigest, files, spec.args(), spec.labels(), settings(spec)));
    }

    /** Where the Dockerfile sits inside the build tar. */
    private static String dockerfilePath(ImageSpec spec) {
        return spec.dockerfile().startsWith(spec.context()) ? slashes(spec.context().relativize(spec.dockerfile())) : OUTSIDE_DOCKERFILE;
    }

    /** What a walk of the context depends on besides its files: its directory and where the Dockerfile sits in it. */
    static String unit(ImageSpec spec) {
        return spec.context() + "\n" + dockerfilePath(spec);
    }

    /** The build settings that enter the hash: only those set, so a default build hashes as it always did. */
    static Map<String, String> settings(ImageSpec spec) throws IOException {
        var out = new TreeMap<String, String>();
        ImageSpec.Build build = spec.build();
        if (build.network() != null) out.put("network", build.network());
        var names = caNames(build.caCertificates());
        for (int i = 0; i < names.size(); i++) out.put("ca " + names.get(i), digest(build.caCertificates().get(i)));
        if (build.keepCa() && !names.isEmpty()) out.put("ca-keep", "true");
        return out;
    }

    /** Each CA file's name inside {@link #CA_DIR}: its position and base name, ending in .crt (what update-ca-certificates reads). */
    static java.util.List<String> caNames(java.util.List<Path> files) {
        var out = new java.util.ArrayList<String>();
        for (int i = 0; i < files.size(); i++) {
            String base = files.get(i).getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
            if (base.endsWith(".pem")) base = base.substring(0, base.length() - 4);
            out.add(String.format("%02d-%s", i, base.endsWith(".crt") ? base : base + ".crt"));
        }
        return out;
    }

    private static final String STAT = "unix:mode,ino,size,lastModifiedTime,ctime,uid,nlink";

    /** What a walk tells whoever keeps it: each directory before it is read, each regular file's owner, mode and links. */
    interface Watcher {
        Watcher NONE = new Watcher() {
            @Override
            public void directory(Path dir) {}

            @Override
            public void file(Path file, int mode, int uid, int links) {}
        };

        void directory(Path dir);

        void file(Path file, int mode, int uid, int links);
    }

    /** The context's files (after .dockerignore), told to {@code watcher} as they are walked. */
    private static Map<String, String> walk(Path root, String dockerfilePath, ContextDigests digests, Watcher watcher) throws IOException {
        watcher.directory(root);   // .dockerignore is an entry of the root
        Path ignoreFile = root.resolve(".dockerignore");
        DockerIgnore ignore = Files.isRegularFile(ignoreFile) ? DockerIgnore.parse(Files.readString(ignoreFile)) : DockerIgnore.none();
        var files = new TreeMap<String, String>();
        walk(root, "", ignore, dockerfilePath, digests, files, watcher);
        digests.save();
        return files;
    }

    /** Walks {@code dir}, whose path relative to the context is {@code prefix} ("" for the root, else ending in '/'). */
    private static void walk(Path dir, String prefix, DockerIgnore ignore, String dockerfilePath, ContextDigests digests,
                             Map<String, String> files, Watcher watcher) throws IOException {
        if (!prefix.isEmpty()) watcher.directory(dir);
        try (var entries = Files.newDirectoryStream(dir)) {
            for (Path path : entries) {
                String rel = prefix + path.getFileName();   // a name from a listing: no separator in it
                Map<String, Object> stat = Files.readAttributes(path, STAT, LinkOption.NOFOLLOW_LINKS);
                int mode = (Integer) stat.get("mode");
                int type = mode & S_IFMT;
                if (type == S_IFDIR) {
                    boolean ignored = ignore.ignores(rel);
                    if (!ignored) files.put(rel, "dir");
                    // an ignored directory is still entered when a '!' rule may re-include something below it
                    if (!ignored || ignore.hasExceptions()) walk(path, rel + "/", ignore, dockerfilePath, digests, files, watcher);
                    continue;
                }
                boolean forced = rel.equals(dockerfilePath) || rel.equals(".dockerignore");
                if (!forced && ignore.ignores(rel)) continue;
                if (type == S_IFLNK) {
                    files.put(rel, "link:" + Files.readSymbolicLink(path));
                } else if (type == S_IFREG) {
                    var stamp = new ContextDigests.Stamp((Long) stat.get("size"), nanos(stat.get("lastModifiedTime")),
                            nanos(stat.get("ctime")), (Long) stat.get("ino"));
                    watcher.file(path, mode, (Integer) stat.get("uid"), (Integer) stat.get("nlink"));
                    boolean executable = (mode & 0111) != 0;
                    files.put(rel, digests.digest(rel, path, stamp) + (executable ? "+x" : ""));
                }
            }
        }
    }

    /** Writes the build context tar from the file list that was hashed. */
    public void writeTar(OutputStream out) throws IOException {
        try (var tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (var e : inputs.files().entrySet()) {
                Path file = spec.context().resolve(e.getKey());
                String kind = e.getValue();
                if (kind.equals("dir")) {
                    var entry = new TarArchiveEntry(e.getKey() + "/");
                    tar.putArchiveEntry(entry);
                    tar.closeArchiveEntry();
                } else if (kind.startsWith("link:")) {
                    var entry = new TarArchiveEntry(e.getKey(), TarArchiveEntry.LF_SYMLINK);
                    entry.setLinkName(kind.substring(5));
                    tar.putArchiveEntry(entry);
                    tar.closeArchiveEntry();
                } else {
                    putFile(tar, e.getKey(), file, kind.endsWith("+x"));
                }
            }
            if (inputs.dockerfilePath().equals(OUTSIDE_DOCKERFILE)) {
                putFile(tar, OUTSIDE_DOCKERFILE, spec.dockerfile(), false);
            }
            writeCaFiles(tar);
            tar.finish();
        }
    }

    /** {@link #CA_DIR} and {@link #CA_KEEP_DIR}, always, so a Dockerfile can COPY them whether or not the host lists CA files. */
    private void writeCaFiles(TarArchiveOutputStream tar) throws IOException {
        ImageSpec.Build build = spec.build();
        var names = caNames(build.caCertificates());
        for (String dir : new String[] {RESERVED, CA_DIR, CA_KEEP_DIR}) {
            tar.putArchiveEntry(new TarArchiveEntry(dir + "/"));
            tar.closeArchiveEntry();
        }
        for (int i = 0; i < names.size(); i++) {
            Path file = build.caCertificates().get(i);
            putFile(tar, CA_DIR + "/" + names.get(i), file, false);
            if (build.keepCa()) putFile(tar, CA_KEEP_DIR + "/" + names.get(i), file, false);
        }
    }

    private static void putFile(TarArchiveOutputStream tar, String name, Path file, boolean executable) throws IOException {
        var entry = new TarArchiveEntry(name);
        entry.setSize(Files.size(file));
        entry.setMode(0100000 | (executable ? 0755 : 0644));
        entry.setModTime(Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toMillis());
        tar.putArchiveEntry(entry);
        Files.copy(file, tar);
        tar.closeArchiveEntry();
    }

    static String digest(Path file) throws IOException {
        var md = dev.factory.runtime.Sha256.digest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static String slashes(Path relative) {
        return relative.toString().replace('\\', '/');
    }
}
