package dev.factory.mcpbridge;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** Server-sent events, as the Streamable HTTP transport sends them: {@code id:} and {@code data:} lines, a blank line ending each. */
final class SseReader {
    record Event(String id, String data) {}

    private final BufferedReader reader;

    SseReader(InputStream in) {
        this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    /** The next event with data, or null at the end of the stream (an unfinished event is dropped, never half-read). */
    Event next() throws IOException {
        String id = null;
        var data = new StringBuilder();
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            if (line.isEmpty()) {
                if (data.length() > 0) return new Event(id, data.toString());
                id = null;
                continue;
            }
            if (line.startsWith(":")) continue;   // a comment, used as a keep-alive
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) value = value.substring(1);
            if (field.equals("data")) data.append(data.length() > 0 ? "\n" : "").append(value);
            else if (field.equals("id")) id = value;
        }
        return null;
    }
}
