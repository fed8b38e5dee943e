package dev.factory.engine.port;

import java.util.Map;

/**
 * One event from the engine's event stream ({@code GET /events}): a container died or was
 * destroyed or renamed, an image deleted, a network or volume destroyed.
 *
 * @param type {@code container}, {@code image}, {@code network} or {@code volume}
 * @param action {@code die}, {@code destroy}, {@code rename}, {@code delete}...
 * @param id the object's id (an image's may be its reference)
 * @param attributes the actor's attributes: a container's labels and name, a network's name...
 * @param timeNanos when it happened, in nanoseconds since the epoch
 */
public record EngineEvent(String type, String action, String id, Map<String, String> attributes, long timeNanos) {
    public EngineEvent {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }
}
