package dev.factory.kinds.prune;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Comparator;

/** Sizes, ages and removal of file trees, never following a symbolic link. */
public final class Trees {
    record Stat(long bytes, Instant newest) {}

    private Trees() {}

    static Stat stat(Path root) throws IOException {
        var attrs = Files.readAttributes(root, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attrs.isDirectory()) return new Stat(attrs.size(), attrs.lastModifiedTime().toInstant());
        long[] bytes = {0};
        Instant[] newest = {attrs.lastModifiedTime().toInstant()};
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes a) {
                if (a.lastModifiedTime().toInstant().isAfter(newest[0])) newest[0] = a.lastModifiedTime().toInstant();
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes a) {
                if (a.isRegularFile()) bytes[0] += a.size();
                if (a.lastModifiedTime().toInstant().isAfter(newest[0])) newest[0] = a.lastModifiedTime().toInstant();
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
        return new Stat(bytes[0], newest[0]);
    }

    /** Deletes a file, or a directory with everything in it; links are removed as links, never followed. */
    public static void delete(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) return;
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            Files.delete(root);
            return;
        }
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
