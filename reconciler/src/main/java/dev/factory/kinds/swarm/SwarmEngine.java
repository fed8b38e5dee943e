package dev.factory.kinds.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The port to a Docker engine's swarm: what the engine says about the swarm it is in, its nodes,
 * services and tasks, and the calls that change them. Specs travel as the engine's own JSON
 * (docker-java 3.7 has no replicated-job mode and this engine speaks API 1.41), built by
 * {@link SwarmSpecs}; the adapter is {@code dev.factory.docker.DockerSwarmEngine}.
 */
@dev.factory.engine.KindApi
public interface SwarmEngine {

    /**
     * The local engine's place in a swarm: {@code localState} is the engine's word
     * ({@code inactive}, {@code active}, {@code pending}, {@code error}, {@code locked});
     * {@code manager} whether this engine can answer for the swarm; {@code clusterId} the swarm's id.
     */
    record State(String localState, String nodeId, String nodeAddress, String hostname, boolean manager, String clusterId,
                 boolean noNewPrivilegesByDefault) {
        public boolean active() {
            return "active".equals(localState);
        }

        /** Whether this engine is the leader among {@code nodes} (a manager's list; a worker has none). */
        public boolean leads(List<Node> nodes) {
            return active() && manager && nodes.stream().anyMatch(n -> n.leader() && n.id().equals(nodeId));
        }
    }

    /** A node as the swarm lists it. {@code state} is {@code ready}, {@code down}, {@code unknown} or {@code disconnected}. */
    record Node(String id, long version, String hostname, String address, String role, boolean leader, String state,
                String availability, Map<String, String> labels, ObjectNode spec) {
        public boolean ready() {
            return "ready".equals(state);
        }
    }

    /**
     * A service: its spec as the engine holds it (labels included), its version for an update, and
     * its last rollout's state and message ({@code updating}, {@code paused}, {@code completed},
     * {@code rollback_completed}...; null when it was never updated).
     */
    record Service(String id, long version, String name, Map<String, String> labels, ObjectNode spec, String updateState,
                   String updateMessage) {
        public Service(String id, long version, String name, Map<String, String> labels, ObjectNode spec) {
            this(id, version, name, labels, spec, null, null);
        }

        /** Whether its last rollout stopped short (paused, or rolled back): the swarm runs what it ran before. */
        public boolean rolloutStuck() {
            return updateState != null && (updateState.equals("paused") || updateState.startsWith("rollback"));
        }

        public boolean job() {
            return spec.path("Mode").has("ReplicatedJob");
        }

        /** Replicas asked for; for a job, 0 (it runs on its schedule). */
        public int replicas() {
            return spec.path("Mode").path("Replicated").path("Replicas").asInt(0);
        }

        public String label(String key) {
            return labels.get(key);
        }
    }

    /** A task: one replica's or one job run's container on a node. */
    record Task(String id, String serviceId, String nodeId, String state, String desiredState, Integer exitCode, String error,
                long jobIteration) {
        public boolean running() {
            return "running".equals(state);
        }
    }

    State state();

    List<Node> nodes();

    List<Service> services();

    List<Task> tasks();

    String createService(JsonNode spec);

    void updateService(String id, long version, JsonNode spec);

    void removeService(String id);

    void updateNode(String id, long version, JsonNode spec);

    /** The digest reference ({@code repo@sha256:...}) the engine recorded for {@code reference} when it was pushed, if any. */
    Optional<String> pushedDigest(String reference, String repository);

    /** Tags {@code imageId} as {@code repository:tag}, pushes it, and returns the digest reference it was stored under. */
    String push(String imageId, String repository, String tag);

    /** The last {@code lines} lines a task wrote (stdout and stderr), on whichever node it ran. */
    List<String> taskLogs(String taskId, int lines);
}
