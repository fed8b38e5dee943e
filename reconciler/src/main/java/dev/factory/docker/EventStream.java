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
    private MappingIterator<JsonNode> events;

    /** Returns once the engine answered (it has subscribed us): the body is first read by {@link #next}. */
    private EventStream(DockerHttpClient.Response response) {
        this.response = response;
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
        return all(http, query);
    }

    /** {@code seconds.nanoseconds}, the form the engine's since and until take. */
    static String timestamp(long epochNanos) {
        return Math.floorDiv(epochNanos, 1_000_000_000L) + "." + String.format("%09d", Math.floorMod(epochNanos, 1_000_000_000L));
    }

    /** Every event, from now on (an empty query) or, with since and until, those of the engine's log in that window. */
    static EventStream all(DockerHttpClient http, String query) {
        var response = http.execute(DockerHttpClient.Request.builder().method(DockerHttpClient.Request.Method.GET)
                .path(query.isEmpty() ? "/events" : "/events?" + query).build());
        if (response.getStatusCode() != 200) {
            int status = response.getStatusCode();
            response.close();
            throw new IllegalStateException("GET /events answered HTTP " + status);
        }
        return new EventStream(response);
    }

    /** The next event, blocking; null when the engine ended the stream. */
    public EngineEvent next() throws IOException {
        try {
            if (events == null) events = JSON.readerFor(JsonNode.class).readValues(response.getBody());   // blocks for the first event
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
