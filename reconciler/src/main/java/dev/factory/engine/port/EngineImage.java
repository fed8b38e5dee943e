package dev.factory.engine.port;

import dev.factory.plan.Ownership;
import java.util.List;
import java.util.Map;

/** An image as the engine lists it, converted at the gateway. {@code id} is the full {@code sha256:} id. */
public record EngineImage(String id, List<String> tags, Map<String, String> labels, long createdEpochSeconds, long size) {

    /** The id of the first of {@code images} one of whose tags is exactly {@code tag}. */
    public static java.util.Optional<String> idOfTag(List<EngineImage> images, String tag) {
        return images.stream().filter(i -> i.tags().contains(tag)).map(EngineImage::id).findFirst();
    }

    /**
     * {@link #idOfTag} for many lookups in one list: every tag indexed once (a plan looks up one
     * tag per container, against hundreds of images).
     */
    public static java.util.function.Function<String, java.util.Optional<String>> byTag(List<EngineImage> images) {
        var ids = new java.util.HashMap<String, String>();
        for (EngineImage image : images) {
            for (String tag : image.tags()) ids.putIfAbsent(tag, image.id());   // the first image with the tag, as idOfTag finds it
        }
        return tag -> java.util.Optional.ofNullable(ids.get(tag));
    }

    public EngineImage {
        tags = tags == null ? List.of() : List.copyOf(tags);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    public EngineImage(String id, List<String> tags, Map<String, String> labels, long createdEpochSeconds) {
        this(id, tags, labels, createdEpochSeconds, 0);
    }

    /**
     * Ours only when the labels say so AND it carries a tag under its address's name, or its id is
     * one factory recorded building: an image built FROM one of ours inherits all our labels.
     */
    public boolean ownedBy(dev.factory.plan.Owner owner, java.util.Set<String> builtIds) {
        if (!owner.owns(labels, id)) return false;
        if (builtIds.contains(id)) return true;
        String address = labels.get(Ownership.ADDRESS);
        if (address == null || !address.startsWith("image/")) return false;
        String name = address.substring("image/".length());
        return tags.stream().anyMatch(t -> t.startsWith(name + ":"));
    }

    /** Ownership by tag alone, for callers without the inventory at hand. */
    public boolean ownedBy(dev.factory.plan.Owner owner) {
        return ownedBy(owner, java.util.Set.of());
    }

    public String label(String key) {
        return labels.get(key);
    }
}
