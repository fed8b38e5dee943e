package dev.factory.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The state dir's small JSON records (the last reconcile, job histories) written from and read
 * into Java records by Jackson: instants as ISO-8601 text, written whole and renamed into place.
 */
public final class Records {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT)
            .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Records() {}

    public static void write(Path file, Object record) throws IOException {
        AtomicFiles.write(file, JSON.writeValueAsBytes(record));
    }

    /** The record in {@code file}, or null when there is none. */
    public static <T> T read(Path file, Class<T> type) throws IOException {
        return Files.exists(file) ? JSON.readValue(file.toFile(), type) : null;
    }
}
