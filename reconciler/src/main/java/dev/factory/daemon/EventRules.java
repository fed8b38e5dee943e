package dev.factory.daemon;

import dev.factory.engine.port.EngineEvent;
import dev.factory.plan.Ownership;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which engine events make a managed object dirty, and which object: a container of this config
 * dying, destroyed or renamed (read from its labels); a network or volume this config declares
 * destroyed (by name); any image deleted while the config declares images (an image event names
 * no labels, so every image is re-planned). Anything else, a job's or a lane's container for one,
 * is not drift; nor is a container merely run from a factory-built image (it inherits the image's
 * labels, address included).
 */
final class EventRules {
    static final List<String> TYPES = List.of("container", "image", "network", "volume");
    static final List<String> ACTIONS = List.of("die", "destroy", "rename", "delete");

    private EventRules() {}

    /** The address (or {@code kind/*} pattern) {@code event} makes dirty, given the addresses the config declares. */
    static Optional<String> dirty(EngineEvent event, Set<String> declared) {
        String candidate = switch (event.type()) {
            case "container" -> List.of("die", "destroy", "rename").contains(event.action())
                    && "true".equals(event.attributes().get(Ownership.MANAGED)) ? event.attributes().get(Ownership.ADDRESS) : null;
            case "network" -> "destroy".equals(event.action()) ? "network/" + event.attributes().get("name") : null;
            case "volume" -> "destroy".equals(event.action()) ? "volume/" + event.id() : null;
            case "image" -> "delete".equals(event.action()) && declared.stream().anyMatch(a -> a.startsWith("image/")) ? "image/*" : null;
            default -> null;
        };
        if (candidate == null) return Optional.empty();
        if (event.type().equals("container") && candidate != null && !candidate.startsWith("container/")) return Optional.empty();
        return candidate.endsWith("/*") || declared.contains(candidate) ? Optional.of(candidate) : Optional.empty();
    }
}
