package dev.factory.kinds.swarm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.factory.engine.port.MountSpec;
import dev.factory.kinds.container.ContainerFields;
import dev.factory.kinds.container.ProfileSpec;
import dev.factory.kinds.container.ServiceSpec;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A workload as the engine's service spec (API 1.41), and the digests that decide an update. The
 * digests cover what the config says (env as written, secret references unresolved), never the
 * resolved values; they ride on the service as labels, as a container's do.
 */
public final class SwarmSpecs {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SwarmSpecs() {}

    /** Each field that changes the service, digested: a container's fields, plus replicas, placement and rollout. */
    public static Map<String, String> digests(Workload w, String imageReference) {
        var fields = new TreeMap<>(ContainerFields.digests(w.container(), imageReference));
        fields.put("mode", digest(w.job() ? "job" : "replicated:" + w.replicas()));
        fields.put("placement", digest(String.valueOf(w.placement())));
        fields.put("update", digest(String.valueOf(w.update())));
        return fields;
    }

    /**
     * The service spec. {@code env} is the resolved environment ({@code KEY=VALUE}): it goes to the
     * engine and nowhere else. A job is created with no completions: it runs when its schedule fires.
     */
    public static ObjectNode spec(Workload w, String imageReference, List<String> env, Map<String, String> labels) {
        ProfileSpec p = w.container().profile();
        ObjectNode spec = JSON.createObjectNode();
        spec.put("Name", w.serviceName());
        spec.set("Labels", JSON.valueToTree(new TreeMap<>(labels)));
        ObjectNode task = spec.putObject("TaskTemplate");
        ObjectNode container = task.putObject("ContainerSpec");
        container.put("Image", imageReference);
        if (!w.container().command().isEmpty()) container.set("Args", strings(w.container().command()));
        container.set("Env", strings(env));
        container.put("User", p.user());
        if (p.workdir() != null) container.put("Dir", p.workdir());
        ArrayNode mounts = container.putArray("Mounts");
        for (MountSpec m : p.mounts()) {
            ObjectNode mount = mounts.addObject();
            mount.put("Type", m.type() == MountSpec.Type.VOLUME ? "volume" : "bind");
            mount.put("Source", m.source());
            mount.put("Target", m.target());
            mount.put("ReadOnly", m.readOnly());
        }
        container.put("ReadOnly", p.readOnlyRootfs());
        container.set("Hosts", strings(p.extraHosts().stream().map(SwarmSpecs::hostsLine).toList()));
        container.set("CapabilityAdd", strings(p.capAdd()));
        container.set("CapabilityDrop", strings(p.capDrop()));
        ObjectNode limits = task.putObject("Resources").putObject("Limits");
        if (p.cpus() != null) limits.put("NanoCPUs", Math.round(p.cpus() * 1e9));
        if (p.memoryBytes() != null) limits.put("MemoryBytes", p.memoryBytes());
        if (p.pids() != null) limits.put("Pids", p.pids());
        task.putObject("RestartPolicy").put("Condition", condition(w.job() ? "no" : w.container().restart()));
        if (w.placement() != null) {
            ObjectNode placement = task.putObject("Placement");
            placement.set("Constraints", strings(w.placement().constraints()));
            if (w.placement().maxReplicas() != null) placement.put("MaxReplicas", w.placement().maxReplicas());
        }
        if (!p.network().equals("bridge")) task.putArray("Networks").addObject().put("Target", p.network());
        ObjectNode mode = spec.putObject("Mode");
        if (w.job()) {
            mode.putObject("ReplicatedJob").put("MaxConcurrent", 1).put("TotalCompletions", 0);
        } else {
            mode.putObject("Replicated").put("Replicas", w.replicas());
            ServiceSpec.RollingUpdate u = w.update() != null ? w.update() : ServiceSpec.RollingUpdate.DEFAULT;
            spec.putObject("UpdateConfig").put("Parallelism", u.parallelism()).put("Delay", u.delay().toNanos())
                    .put("Order", u.order()).put("FailureAction", u.failureAction());
        }
        return spec;
    }

    /** {@code host:address} (docker run's form) as a hosts-file line, {@code address host} (the swarm's). */
    static String hostsLine(String extraHost) {
        int colon = extraHost.indexOf(':');
        return extraHost.substring(colon + 1) + " " + extraHost.substring(0, colon);
    }

    /** A container restart policy as the swarm's condition. */
    static String condition(String restart) {
        if (restart == null) return "none";
        return switch (restart) {
            case "no" -> "none";
            case "on-failure" -> "on-failure";
            default -> "any";
        };
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode out = JSON.createArrayNode();
        values.forEach(out::add);
        return out;
    }

    private static String digest(String value) {
        return dev.factory.runtime.Sha256.hex(value).substring(0, 12);
    }
}
