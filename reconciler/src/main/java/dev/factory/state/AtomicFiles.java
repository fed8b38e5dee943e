package dev.factory.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Write-to-temp, fsync, rename: a reader sees the old file or the new one, never a torn one. For
 * factory's own state dir; files in directories agents can write go through
 * {@link dev.factory.fs.OpenDir#replace}, which also refuses a link on the way.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** A temp file this old was left by a killed writer; a younger one may be another writer's, in flight. */
    static final java.time.Duration ABANDONED = java.time.Duration.ofMinutes(1);

    /**
     * Replaces {@code target} whole. Temp files a killed writer left beside it (over a minute old)
     * are removed first; a younger one is left alone, since not every write is under the state
     * lock: a plan stamps a repo's fetch and saves context digests, and the daemon plans while a
     * CLI plan runs (removing each other's temp files made one of them fail).
     */
    public static void write(Path target, byte[] raw) throws IOException {
        byte[] content = dev.factory.secrets.Masker.mask(raw);   // state files, reports, plan files: never a secret value
        Files.createDirectories(target.toAbsolutePath().getParent());
        String prefix = "." + target.getFileName() + ".tmp-";
        try (var siblings = Files.newDirectoryStream(target.toAbsolutePath().getParent(), p -> p.getFileName().toString().startsWith(prefix))) {
            var before = java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(ABANDONED));
            for (Path stale : siblings) {
                var modified = Files.getLastModifiedTime(stale, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                if (modified.compareTo(before) < 0) Files.deleteIfExists(stale);
            }
        } catch (IOException | RuntimeException e) {
            // an unreadable directory: the write below reports what matters
        }
        Path tmp = target.resolveSibling(prefix + ProcessHandle.current().pid() + "-" + java.util.UUID.randomUUID().toString().substring(0, 8));
        try {
            // a fresh name, created new and never through a link: nothing left or planted there is written
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) ch.write(buffer);
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw cannotWrite(target, e);
        }
    }

    /**
     * "cannot write PATH: why", plus what to do when the why is a full disk. The old file, if any,
     * is untouched: only the temp file was being written.
     */
    public static IOException cannotWrite(Path target, IOException e) {
        String why = e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null ? fs.getReason() : String.valueOf(e.getMessage());
        String hint = why.contains("No space left") || why.contains("Disk quota exceeded")
                ? "; free space on the filesystem holding " + target.toAbsolutePath().getParent() + " (or move the state dir with --state-dir), then run again"
                : "";
        return new IOException("cannot write " + target + ": " + why + hint, e);
    }
}
