package dev.factory.cli;

import dev.factory.config.Desired;
import dev.factory.config.Suggestions;
import dev.factory.kinds.container.ClusterSection;
import dev.factory.runtime.UsageError;
import picocli.CommandLine.Option;

/** {@code --node NAME} for lane and doctor: on a swarm, work on that node's engine ({@code nodes.NAME.dockerHost}). */
final class NodeOption {
    @Option(names = "--node", paramLabel = "NAME",
            description = "On a swarm: run on this node's engine (nodes.NAME.dockerHost), with the images that node's factory built.")
    String node;

    /** {@code desired} with its engine moved to the node's; the config unchanged otherwise. */
    Desired on(Desired desired) {
        if (node == null) return desired;
        var cluster = ClusterSection.of(desired);
        if (!cluster.enabled()) throw new UsageError("--node needs a swarm: declare cluster: {engine: swarm, registry: ...} and nodes (docs/swarm.md)");
        var spec = cluster.nodes().get(node);
        if (spec == null) {
            throw new UsageError("node '" + node + "' is not declared in nodes" + Suggestions.didYouMean(node, cluster.nodes().keySet()));
        }
        if (spec.dockerHost() == null) {
            throw new UsageError("nodes." + node + ".dockerHost is not set: say how factory reaches that node's engine (unix:///PATH or tcp://HOST:PORT)");
        }
        return new Desired(desired.configDir(), desired.revision(), desired.host().withDockerHost(spec.dockerHost()), desired.sections(),
                desired.declared());
    }
}
