package dev.factory.kinds.image;

import dev.factory.plan.Ownership;
import java.util.List;
import java.util.Map;

/** An image as the engine lists it, converted at the gateway. {@code id} is the full {@code sha256:} id. */
public record EngineImage(String id, List<String> tags, Map<String, String> labels, long createdEpochSeconds) {

    public EngineImage {
        tags = tags == null ? List.of() : List.copyOf(tags);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    public boolean ownedBy(String owner) {
        return Ownership.ownedBy(labels, owner);
    }

    public String label(String key) {
        return labels.get(key);
    }
}
