package dev.factory.engine.port;

import dev.factory.plan.Ownership;
import java.util.Map;
import java.util.Set;

/** A container as the engine lists it, converted at the gateway. */
public record EngineContainer(String id, String name, String imageId, String state, Map<String, String> labels) {
    private static final Set<String> UP = Set.of("running", "restarting", "paused");

    public EngineContainer {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /**
     * Ours only when the labels say so AND name a container-like address: a container run from one
     * of our images inherits the image's labels (address {@code image/...}), and is not ours.
     */
    public boolean ownedBy(dev.factory.plan.Owner owner) {
        String address = labels.get(Ownership.ADDRESS);
        return owner.owns(labels, id) && address != null && !address.startsWith("image/");
    }

    public boolean isUp() {
        return UP.contains(state);
    }

    public String label(String key) {
        return labels.get(key);
    }
}
