package dev.factory.daemon;

import dev.factory.engine.port.EngineEvent;
import dev.factory.plan.Ownership;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which engine events make a managed object dirty, and which object: a container of this state
 * dir's lineage dying, destroyed or renamed (its address and lineage read from its labels, so one
 * removed while the first reconcile is still recording what it declared is not missed); a
 * network or volume this config declares destroyed (by name); any image deleted while the config
 * declares images (an image event names no labels, so every image is re-planned); on a swarm's
 * manager, a declared service or job updated or removed, and any node updated or removed while
 * nodes are declared (every node is re-planned). Anything else,
 * a job's or a lane's container for one, is not drift; nor is a container merely run from a
 * factory-built image (it inherits the image's labels, address included).
 */
final class EventRules {
    static final List<String> TYPES = List.of("container", "image", "network", "volume", "service", "node");
    static final List<String> ACTIONS = List.of("die", "destroy", "rename", "delete", "update", "remove");

    private EventRules() {}

    /**
     * The address (or {@code kind/*} pattern) {@code event} makes dirty, given the addresses the
     * config declares and this state dir's lineage (null before the first apply).
     */
    static Optional<String> dirty(EngineEvent event, Set<String> declared, String lineage) {
        switch (event.type()) {
            case "container" -> {
                var labels = event.attributes();
                String address = labels.get(Ownership.ADDRESS);
                boolean ours = "true".equals(labels.get(Ownership.MANAGED)) && address != null
                        && (address.startsWith("container/") || address.startsWith("egress/"))
                        && (lineage != null && lineage.equals(labels.get(Ownership.LINEAGE)) || declared.contains(address));
                return ours && List.of("die", "destroy", "rename").contains(event.action()) ? Optional.of(address) : Optional.empty();
            }
            case "network" -> {
                return "destroy".equals(event.action()) ? byName("network/", event.attributes().get("name"), declared) : Optional.empty();
            }
            case "volume" -> {
                return "destroy".equals(event.action()) ? byName("volume/", event.id(), declared) : Optional.empty();
            }
            case "service" -> {
                // on a swarm's manager: a declared service or job changed or removed by hand (factory's own updates re-plan as no-op)
                if (!List.of("update", "remove").contains(event.action())) return Optional.empty();
                String name = event.attributes().get("name");
                if (name == null) return Optional.empty();
                var service = declaredOnly("service/" + name, declared);
                return service.isPresent() || !name.startsWith("job-") ? service : declaredOnly("job/" + name.substring(4), declared);
            }
            case "node" -> {
                // a node's labels or availability changed, or it left: every declared node is planned again
                return List.of("update", "remove").contains(event.action()) && declared.stream().anyMatch(a -> a.startsWith("node/"))
                        ? Optional.of("node/*") : Optional.empty();
            }
            case "image" -> {
                return "delete".equals(event.action()) && declared.stream().anyMatch(a -> a.startsWith("image/")) ? Optional.of("image/*") : Optional.empty();
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    /** A declared network or volume by its name, or the egress whose network or volume it is ({@code factory-egress-PROFILE}). */
    private static Optional<String> byName(String kind, String name, Set<String> declared) {
        if (name == null) return Optional.empty();
        var own = declaredOnly(kind + name, declared);
        String prefix = dev.factory.kinds.container.EgressPolicy.NAME_PREFIX;
        if (own.isPresent() || !name.startsWith(prefix)) return own;
        return declaredOnly("egress/" + name.substring(prefix.length()), declared);
    }

    private static Optional<String> declaredOnly(String address, Set<String> declared) {
        return address != null && declared.contains(address) ? Optional.of(address) : Optional.empty();
    }
}
