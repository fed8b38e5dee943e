package dev.factory.kinds.swarm;

import dev.factory.kinds.container.ClusterSpec;

import dev.factory.plan.Ownership;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What a swarm change carries in a plan: never an env value, only digests, counts and node names. */
final class SwarmPayload {
    private SwarmPayload() {}

    /** A node: its facts (state, availability, leader) and the labels factory keeps on it. */
    record NodeState(String id, String facts, Map<String, String> labels) {}

    /** An image in the registry, by digest. */
    record Pushed(String repository, String digest) {}

    /** A workload as it will be: its image reference, the hash and field digests it carries, its replicas. */
    record Wanted(String image, String hash, String fields, Integer replicas) {}

    /** A service as the swarm holds it: its hash, tasks running of those desired, and where they run. */
    record Live(String id, long version, String hash, Integer running, Integer desired, Map<String, Integer> nodes) {}

    static Live live(SwarmEngine.Service s, List<SwarmEngine.Task> tasks) {
        var byNode = new TreeMap<String, Integer>();
        for (SwarmEngine.Task t : tasks) {
            if (t.serviceId().equals(s.id()) && t.running() && t.nodeId() != null) byNode.merge(t.nodeId(), 1, Integer::sum);
        }
        return new Live(s.id(), s.version(), s.label(Ownership.HASH), s.job() ? null : running(s, tasks), s.job() ? null : s.replicas(), byNode);
    }

    static int running(SwarmEngine.Service s, List<SwarmEngine.Task> tasks) {
        return (int) tasks.stream().filter(t -> up(s, t)).count();
    }

    /** A task of {@code s} running and meant to stay so (one on its way out is not counted). */
    private static boolean up(SwarmEngine.Service s, SwarmEngine.Task t) {
        return t.serviceId().equals(s.id()) && t.running() && "running".equals(t.desiredState());
    }

    /** {@code 2/2 running on worker 127.0.0.3}, or for a job its last run. */
    static String facts(SwarmEngine.Service s, List<SwarmEngine.Task> tasks, List<SwarmEngine.Node> nodes, ClusterSpec cluster) {
        if (s.job()) {
            var last = tasks.stream().filter(t -> t.serviceId().equals(s.id())).max(java.util.Comparator.comparingLong(SwarmEngine.Task::jobIteration));
            return last.map(t -> "last run " + t.state() + (t.exitCode() == null ? "" : " (exit " + t.exitCode() + ")")).orElse("not run yet");
        }
        var where = new TreeMap<String, Integer>();
        for (SwarmEngine.Task t : tasks) {
            if (!up(s, t)) continue;
            String node = nodes.stream().filter(n -> n.id().equals(t.nodeId())).findFirst().map(n -> SwarmPlanner.describe(n, cluster)).orElse(t.nodeId());
            where.merge(node, 1, Integer::sum);
        }
        // one node: "on NODE"; several: each node, with how many when more than one ("on a, b x2")
        String on = where.isEmpty() ? "" : " on " + String.join(", ", where.entrySet().stream()
                .map(e -> e.getKey() + (where.size() > 1 && e.getValue() > 1 ? " x" + e.getValue() : "")).toList());
        return running(s, tasks) + "/" + s.replicas() + " running" + on;
    }
}
