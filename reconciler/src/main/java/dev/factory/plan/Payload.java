package dev.factory.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A change's {@code before} or {@code after} as a kind writes and reads it: a record of its own,
 * carried in the plan as a JSON-able map (null fields left out). A kind's planner builds its
 * records; its executor reads them back with {@link #read}, never with casts from a map.
 */
public final class Payload {
    private static final ObjectMapper JSON = new ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

    private Payload() {}

    /** The record as the plan carries it; null stays null. */
    public static Map<String, Object> of(Record payload) {
        return payload == null ? null : JSON.convertValue(payload, MAP);
    }

    /** A plan's map read back as the kind's record; null stays null. Fields the record does not have are ignored. */
    public static <R extends Record> R read(Map<String, Object> map, Class<R> type) {
        return map == null ? null : JSON.convertValue(map, type);
    }
}
