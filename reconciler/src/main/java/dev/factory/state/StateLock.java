package dev.factory.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Mutual exclusion for applies. The kernel's advisory lock on {@code lock} is the truth, so a
 * holder killed with SIGKILL releases it by dying; the file's content (pid, command, time) is
 * there to name the holder, and leftover content from a dead holder is reported as taken over.
 */
public final class StateLock implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FileChannel channel;
    private final FileLock lock;

    private StateLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    public static StateLock acquire(StateDir dir, String command, Consumer<String> warn) throws LockHeldException, IOException {
        dir.create();
        FileChannel channel = FileChannel.open(dir.lockFile(), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            String content = read(channel);
            for (int i = 0; i < 40 && content.isBlank(); i++) {   // the holder locks first, then writes who it is
                try {
                    Thread.sleep(25);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                content = read(channel);
            }
            String holder = describe(content);
            channel.close();
            throw new LockHeldException("another factory apply is running (" + holder + "), lock " + dir.lockFile()
                    + "; wait for it to finish, or stop it, then try again");
        }
        try {
            String previous = read(channel);
            if (!previous.isBlank()) {
                warn.accept("took over a stale lock: its holder (" + describe(previous) + ") is gone");
            }
            ObjectNode me = JSON.createObjectNode()
                    .put("pid", ProcessHandle.current().pid())
                    .put("host", hostname())
                    .put("command", command)
                    .put("since", Instant.now().toString());
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(JSON.writeValueAsBytes(me)), 0);
            channel.force(true);
            return new StateLock(channel, lock);
        } catch (IOException e) {
            // not holding a lock we could not record: a long-running daemon would otherwise block itself
            IOException explained = AtomicFiles.cannotWrite(dir.lockFile(), e);
            try {
                channel.close();   // closing the channel releases its lock too
            } catch (IOException closing) {
                explained.addSuppressed(closing);
            }
            throw explained;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            channel.truncate(0);
            channel.force(true);
            lock.release();
        } finally {
            channel.close();
        }
    }

    private static String read(FileChannel channel) throws IOException {
        var buffer = ByteBuffer.allocate((int) Math.min(channel.size(), 4096));
        channel.read(buffer, 0);
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
    }

    /**
     * The lock file's record as a sentence for people ({@code factory status}): who holds it and
     * since when, or that it is free, naming a dead holder's stale record.
     */
    public static String sentence(String content) {
        if (content == null || content.isBlank()) return "free";
        try {
            var node = JSON.readTree(content);
            long pid = node.path("pid").asLong(-1);
            boolean here = hostname().equals(node.path("host").asText());
            boolean alive = pid > 0 && here && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
            String who = "pid " + node.path("pid").asText("?") + " on " + node.path("host").asText("?") + " ('" + node.path("command").asText("?") + "')";
            if (here && !alive) return "free (the last holder, " + who + ", is gone)";
            return "held by " + who + " since " + node.path("since").asText("?");
        } catch (IOException e) {
            return "unreadable record; the next apply takes it over if its holder is gone";
        }
    }

    private static String describe(String content) {
        if (content.isBlank()) return "holder unknown";
        try {
            var node = JSON.readTree(content);
            return "pid " + node.path("pid").asText("?") + " on " + node.path("host").asText("?")
                    + ", '" + node.path("command").asText("?") + "' since " + node.path("since").asText("?");
        } catch (IOException e) {
            return "holder unreadable";
        }
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

}
