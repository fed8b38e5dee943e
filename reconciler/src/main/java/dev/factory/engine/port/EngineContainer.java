package dev.factory.engine.port;

import dev.factory.plan.Ownership;
import java.util.Map;
import java.util.Set;

/** A container as the engine lists it, converted at the gateway; {@code health} null when it has no check. */
public record EngineContainer(String id, String name, String imageId, String state, Map<String, String> labels, String health) {
    private static final Set<String> UP = Set.of("running", "restarting", "paused");

    public EngineContainer {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** A container whose health is not known (or that has no check). */
    public EngineContainer(String id, String name, String imageId, String state, Map<String, String> labels) {
        this(id, name, imageId, state, labels, null);
    }

    /**
     * The health the engine's list shows in a container's status ({@code Up 5 minutes (healthy)},
     * {@code Up 2 seconds (health: starting)}): healthy, unhealthy, starting, or null without a check.
     */
    public static String healthIn(String status) {
        if (status == null) return null;
        if (status.endsWith("(healthy)")) return "healthy";
        if (status.endsWith("(unhealthy)")) return "unhealthy";
        if (status.endsWith("(health: starting)")) return "starting";
        return null;
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
