package dev.factory.kinds.container;

import dev.factory.config.SourceLocation;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code cluster:} and {@code nodes:}: whether services and jobs run on a swarm, the registry
 * images reach its nodes through, and the nodes by name. {@link #NONE} when no cluster is declared:
 * then everything runs on this host's engine, as without this section.
 */
@dev.factory.engine.KindApi
public record ClusterSpec(String engine, String registry, Map<String, NodeSpec> nodes, SourceLocation at) {
    public static final ClusterSpec NONE = new ClusterSpec(null, null, Map.of(), null);
    /** The node label factory keeps the keys of the labels it set in, so it removes only its own. */
    public static final String OWNED_LABELS = "dev.factory.labels";

    public boolean enabled() {
        return engine != null;
    }

    /** A node as declared: how it is recognised, its labels, the repos and runners it keeps, how to reach its engine (null: not said). */
    public record NodeSpec(String name, String address, String hostname, Map<String, String> labels, List<String> repos,
                           List<String> runners, List<String> files, String dockerHost, SourceLocation at) {
        /** Whether a swarm node advertising {@code nodeAddress} under {@code nodeHostname} is this one: by address when declared, else by hostname. */
        public boolean matches(String nodeAddress, String nodeHostname) {
            if (address != null) return address.equals(nodeAddress);
            return (hostname != null ? hostname : name).equals(nodeHostname);
        }
    }

    /** The nodes whose {@code list} (repos, runners, files) names {@code name}; none means every node. */
    public Set<String> listing(java.util.function.Function<NodeSpec, List<String>> list, String name) {
        var out = new TreeSet<String>();
        nodes.values().forEach(n -> {
            if (list.apply(n).contains(name)) out.add(n.name());
        });
        return out;
    }

    /** The declared node a swarm node advertising {@code address} under {@code hostname} is, if any. */
    public java.util.Optional<NodeSpec> declared(String address, String hostname) {
        return nodes.values().stream().filter(n -> n.matches(address, hostname)).findFirst();
    }

    /** The repository an image is pushed to: {@code REGISTRY/NAME}. */
    public String repository(String image) {
        return registry + "/" + image;
    }
}
