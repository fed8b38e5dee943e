package dev.factory.kinds.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestInputStream;
import java.util.HexFormat;
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
        Path root = spec.context();
        Path ignoreFile = root.resolve(".dockerignore");
        DockerIgnore ignore = Files.isRegularFile(ignoreFile) ? DockerIgnore.parse(Files.readString(ignoreFile)) : DockerIgnore.none();
        String dockerfilePath = spec.dockerfile().startsWith(root)
                ? slashes(root.relativize(spec.dockerfile())) : OUTSIDE_DOCKERFILE;
        var files = new TreeMap<String, String>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (dir.equals(root)) return FileVisitResult.CONTINUE;
                String rel = slashes(root.relativize(dir));
                if (ignore.ignores(rel)) return ignore.hasExceptions() ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
                files.put(rel, "dir");
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String rel = slashes(root.relativize(file));
                boolean forced = rel.equals(dockerfilePath) || rel.equals(".dockerignore");
                if (!forced && ignore.ignores(rel)) return FileVisitResult.CONTINUE;
                if (attrs.isSymbolicLink()) {
                    files.put(rel, "link:" + Files.readSymbolicLink(file));
                } else if (attrs.isRegularFile()) {
                    files.put(rel, digest(file) + (Files.isExecutable(file) ? "+x" : ""));
                }
                return FileVisitResult.CONTINUE;
            }
        });
        String dockerfileDigest = digest(spec.dockerfile());
        return new BuildContext(spec, new BuildInputs(dockerfilePath, dockerfileDigest, files, spec.args(), spec.labels()));
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
            tar.finish();
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
        var md = BuildInputs.newDigest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static String slashes(Path relative) {
        return relative.toString().replace('\\', '/');
    }
}
