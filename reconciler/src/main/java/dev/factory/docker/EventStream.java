package dev.factory.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.transport.DockerHttpClient;
import dev.factory.engine.port.EngineEvent;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The engine's event stream, {@code GET /events} with type and action filters: one JSON object
 * per event, read as they come. {@link #next} blocks; {@link #close} from another thread ends it.
 * The stream ends (next returns null or throws) when the engine stops or the connection drops:
 * the caller reconnects.
 */
public final class EventStream implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DockerHttpClient.Response response;
    private final MappingIterator<JsonNode> events;

    private EventStream(DockerHttpClient.Response response) throws IOException {
        this.response = response;
        this.events = JSON.readerFor(JsonNode.class).readValues(response.getBody());
    }

    /**
     * Subscribes to {@code actions} of {@code types}, replaying those since {@code sinceSeconds}
     * (0: from now on).
     */
    static EventStream open(DockerHttpClient http, List<String> types, List<String> actions, long sinceSeconds) {
        var filters = new LinkedHashMap<String, List<String>>();
        filters.put("type", types);
        filters.put("event", actions);
        String query;
        try {
            query = "filters=" + URLEncoder.encode(JSON.writeValueAsString(filters), StandardCharsets.UTF_8)
                    + (sinceSeconds > 0 ? "&since=" + sinceSeconds : "");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        var response = http.execute(DockerHttpClient.Request.builder().method(DockerHttpClient.Request.Method.GET)
                .path("/events?" + query).build());
        if (response.getStatusCode() != 200) {
            int status = response.getStatusCode();
            response.close();
            throw new IllegalStateException("GET /events answered HTTP " + status);
        }
        try {
            return new EventStream(response);
        } catch (IOException e) {
            response.close();
            throw new IllegalStateException("GET /events: " + e.getMessage(), e);
        }
    }

    /** The next event, blocking; null when the engine ended the stream. */
    public EngineEvent next() throws IOException {
        try {
            if (!events.hasNextValue()) return null;
            JsonNode e = events.nextValue();
            Map<String, String> attributes = new LinkedHashMap<>();
            e.path("Actor").path("Attributes").fields().forEachRemaining(f -> attributes.put(f.getKey(), f.getValue().asText()));
            String id = e.path("Actor").path("ID").asText(e.path("id").asText(""));
            return new EngineEvent(e.path("Type").asText(""), e.path("Action").asText(""), id, attributes, e.path("timeNano").asLong(0));
        } catch (RuntimeException e) {   // Jackson wraps a read failure in RuntimeJsonMappingException
            throw new IOException("the event stream broke: " + dev.factory.runtime.Errors.rootMessage(e), e);
        }
    }

    @Override
    public void close() {
        try {
            response.close();
        } catch (RuntimeException e) {
            // closing a stream the engine already dropped
        }
    }
}
