package dev.factory.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * An append-only JSON-lines record of each change as it starts and ends, flushed to disk per
 * line, so after a crash the last {@code start} without an {@code end} names what was in flight.
 */
public final class Journal implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final java.nio.file.Path file;
    private final FileChannel channel;
    private final String run;

    private Journal(java.nio.file.Path file, FileChannel channel, String run) {
        this.file = file;
        this.channel = channel;
        this.run = run;
    }

    public static Journal open(StateDir dir, String run) throws IOException {
        dir.create();
        var channel = FileChannel.open(dir.journalFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        return new Journal(dir.journalFile(), channel, run);
    }

    public String run() {
        return run;
    }

    public void event(String phase, String address, String action, String outcome, String error) {
        ObjectNode line = JSON.createObjectNode().put("at", Instant.now().toString()).put("run", run).put("phase", phase);
        if (address != null) line.put("address", address);
        if (action != null) line.put("action", action);
        if (outcome != null) line.put("outcome", outcome);
        if (error != null) line.put("error", error);
        write(line);
    }

    private synchronized void write(ObjectNode line) {
        try {
            byte[] bytes = dev.factory.secrets.Masker.mask((JSON.writeValueAsString(line) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            channel.write(ByteBuffer.wrap(bytes));
            channel.force(false);
        } catch (IOException e) {
            IOException explained = AtomicFiles.cannotWrite(file, e);
            throw new UncheckedIOException(explained.getMessage(), explained);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
