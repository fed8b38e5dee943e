package dev.factory.kinds.swarm;

import dev.factory.kinds.container.ClusterSpec;

import dev.factory.config.Diagnostic;
import dev.factory.plan.Action;
import dev.factory.plan.Address;
import dev.factory.plan.Change;
import dev.factory.plan.Foreign;
import dev.factory.plan.KindPlan;
import dev.factory.plan.Owner;
import dev.factory.plan.Ownership;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The pure diff for a swarm: declared nodes' labels, images in the registry, services and jobs,
 * against what the swarm's manager lists. Only the leader plans them (a follower or a worker says
 * so and plans nothing); a node, a task or a registry it cannot see is unknown, never absent.
 * A service's digests decide an update, as a container's decide a replace; the swarm rolls it out.
 */
public final class SwarmPlanner {
    public static final String NODE = "node";
    public static final String REGISTRY = "registry";
    static final String KNOWN_AFTER_APPLY = "(known after apply)";

    /**
     * An image on its way to the registry: {@code digest} is the reference it is stored under when
     * it is there; {@code pending} is CREATE when it is built in this plan, UNKNOWN when its image is.
     */
    public record Push(String image, String imageId, String digest, Action pending, String why) {
        public static Push built(String image, String why) {
            return new Push(image, null, null, Action.CREATE, why);
        }

        public static Push unknown(String image, String why) {
            return new Push(image, null, null, Action.UNKNOWN, why);
        }

        public static Push local(String image, String imageId, String digest) {
            return new Push(image, imageId, digest, Action.NO_OP, null);
        }
    }

    /**
     * @param workloads by address ({@code service/NAME}, {@code job/NAME})
     * @param pushes declared images the workloads run, by image name
     * @param blockers workload address -> host problems that stop it (a missing mount source, an unresolvable secret)
     * @param dependsOn workload address -> what it needs first (its image's push, the nodes' labels)
     */
    public record Input(Owner owner, ClusterSpec cluster, SwarmEngine.State state, List<SwarmEngine.Node> nodes,
                        List<SwarmEngine.Service> services, List<SwarmEngine.Task> tasks, Map<String, Workload> workloads,
                        Map<String, Push> pushes, Map<String, List<String>> blockers, Map<String, List<Address>> dependsOn) {}

    private SwarmPlanner() {}

    public static KindPlan plan(Input in) {
        var diagnostics = new ArrayList<Diagnostic>();
        if (!in.state.active()) {
            diagnostics.add(Diagnostic.error(in.cluster.at(), "cluster", "cluster.engine is swarm, but this engine is not in a swarm (its state: "
                    + in.state.localState() + "); run docker swarm init on the first manager, or docker swarm join on this host"));
            var changes = new ArrayList<Change>();
            for (String node : in.cluster.nodes().keySet()) changes.add(unknown(Address.of(NODE, node), "not in a swarm"));
            for (String image : in.pushes.keySet()) changes.add(unknown(Address.of(REGISTRY, image), "not in a swarm"));
            for (Workload w : in.workloads.values()) changes.add(unknown(w.address(), "not in a swarm"));
            return new KindPlan(changes, diagnostics, Map.of());
        }
        // a worker cannot list the nodes, so it cannot name the leader; a manager can
        String leader = in.nodes.stream().filter(SwarmEngine.Node::leader).map(n -> " (" + describe(n, in.cluster) + ")").findFirst().orElse("");
        if (!in.state.leads(in.nodes)) {
            diagnostics.add(Diagnostic.note(in.cluster.at(), "cluster", "this engine is a swarm " + (in.state.manager() ? "manager" : "worker")
                    + "; the leader" + leader + " plans the swarm's services, jobs and node labels, and this host its own repos and files"));
            return new KindPlan(List.of(), diagnostics, Map.of());
        }
        var observed = new TreeMap<String, String>();
        var changes = new ArrayList<Change>();
        planNodes(in, changes, diagnostics, observed);
        for (Push push : new TreeMap<>(in.pushes).values()) changes.add(planPush(push, in.cluster));
        var byName = new LinkedHashMap<String, SwarmEngine.Service>();
        in.services.forEach(s -> byName.put(s.name(), s));
        var foreign = new ArrayList<Foreign>();
        for (Workload w : new TreeMap<>(in.workloads).values()) {
            SwarmEngine.Service actual = byName.get(w.serviceName());
            observed.put(w.address().toString(), actual == null ? "absent" : actual.id() + ":" + actual.version());
            changes.add(planWorkload(w, actual, in, diagnostics));
        }
        var declared = new TreeSet<String>();
        in.workloads.values().forEach(w -> declared.add(w.address().toString()));
        for (SwarmEngine.Service s : in.services) {
            String address = s.label(Ownership.ADDRESS);
            if (address == null || !(address.startsWith(Workload.SERVICE + "/") || address.startsWith(Workload.JOB + "/"))) continue;
            if (in.owner.owns(s.labels(), s.id())) {
                if (declared.contains(address)) continue;
                observed.put(address, s.id() + ":" + s.version());
                changes.add(Change.of(Address.parse(address), Action.DELETE, "no longer declared", SwarmPayload.live(s, in.tasks), null, List.of()));
            } else if (in.owner.isForeign(s.labels(), s.id())) {
                foreign.add(Foreign.of(Address.parse(address), s.id(), s.labels()));
            }
        }
        return new KindPlan(changes, diagnostics, observed, foreign);
    }

    private static void planNodes(Input in, List<Change> changes, List<Diagnostic> diagnostics, Map<String, String> observed) {
        var matched = new TreeSet<String>();
        for (ClusterSpec.NodeSpec spec : in.cluster.nodes().values()) {
            Address address = Address.of(NODE, spec.name());
            var found = in.nodes.stream().filter(n -> spec.matches(n.address(), n.hostname())).toList();
            if (found.size() != 1) {
                String why = found.isEmpty() ? "not in the swarm" : found.size() + " nodes match it";
                diagnostics.add(Diagnostic.warning(spec.at(), "nodes." + spec.name(), "node " + spec.name() + " is " + why
                        + (found.isEmpty() ? ": join it (docker swarm join --advertise-addr " + (spec.address() != null ? spec.address() : "ADDRESS")
                        + " ...)" : "; give it an address so it is recognised by what it advertises") + "; its labels wait until then"));
                changes.add(unknown(address, why));
                continue;
            }
            SwarmEngine.Node node = found.get(0);
            matched.add(node.id());
            observed.put(address.toString(), node.id() + ":" + node.version());
            var edit = NodeLabels.edit(node.labels(), spec.labels());
            String facts = facts(node);
            if (!node.ready() || !"active".equals(node.availability())) {
                diagnostics.add(Diagnostic.warning(spec.at(), "nodes." + spec.name(), "node " + spec.name() + " (" + node.address() + ") is " + facts
                        + "; its tasks wait or moved to other nodes"));
            }
            var before = new SwarmPayload.NodeState(node.id(), facts, NodeLabels.owned(node.labels()));
            var after = new SwarmPayload.NodeState(node.id(), null, new TreeMap<>(spec.labels()));
            changes.add(edit.isEmpty() ? Change.of(address, Action.NO_OP, facts, before, after, List.of())
                    : Change.of(address, Action.UPDATE, "labels: " + edit.describe(), before, after, List.of()));
        }
        for (SwarmEngine.Node node : in.nodes) {
            if (matched.contains(node.id())) continue;
            String name = node.hostname() + " (" + node.address() + ")";
            if (!node.ready()) {
                diagnostics.add(Diagnostic.warning(in.cluster.at(), "nodes", "node " + name + " is " + facts(node) + "; its tasks wait or moved to other nodes"));
            }
            var edit = NodeLabels.edit(node.labels(), Map.of());
            if (edit.isEmpty()) continue;
            // a node no longer declared keeps its place in the swarm; only the labels factory set on it go
            Address address = Address.of(NODE, node.hostname() + "-" + node.id().substring(0, Math.min(12, node.id().length())));
            observed.put(address.toString(), node.id() + ":" + node.version());
            changes.add(Change.of(address, Action.UPDATE, "no longer declared; labels: " + edit.describe(),
                    new SwarmPayload.NodeState(node.id(), facts(node), NodeLabels.owned(node.labels())),
                    new SwarmPayload.NodeState(node.id(), null, Map.of()), List.of()));
        }
    }

    private static Change planPush(Push push, ClusterSpec cluster) {
        Address address = Address.of(REGISTRY, push.image());
        var deps = List.of(Address.of("image", push.image()));
        String repository = cluster.repository(push.image());
        if (push.pending() == Action.UNKNOWN) return Change.of(address, Action.UNKNOWN, push.why(), null, null, deps);
        if (push.pending() == Action.CREATE) {
            return Change.of(address, Action.CREATE, "push to " + repository + " after " + push.why(), null,
                    new SwarmPayload.Pushed(repository, KNOWN_AFTER_APPLY), deps);
        }
        if (push.digest() == null) {
            return Change.of(address, Action.CREATE, "not in " + repository + " yet", null, new SwarmPayload.Pushed(repository, KNOWN_AFTER_APPLY), deps);
        }
        var state = new SwarmPayload.Pushed(repository, push.digest());
        return Change.of(address, Action.NO_OP, "in the registry", state, state, deps);
    }

    private static Change planWorkload(Workload w, SwarmEngine.Service actual, Input in, List<Diagnostic> diagnostics) {
        List<Address> deps = in.dependsOn.getOrDefault(w.address().toString(), List.of());
        var before = actual == null ? null : SwarmPayload.live(actual, in.tasks);
        if (actual != null && !in.owner.owns(actual.labels(), actual.id())) {
            String holder = in.owner.isForeign(actual.labels(), actual.id())
                    ? "another factory's service (" + Foreign.of(w.address(), actual.id(), actual.labels()).describe() + ")"
                    : "a service factory does not own";
            diagnostics.add(Diagnostic.error(w.container().at(), w.job() ? "jobs" : "services", w.address() + ": the swarm service name "
                    + w.serviceName() + " is taken by " + holder + "; remove or rename that service, or rename this one"));
            return Change.of(w.address(), Action.UNKNOWN, "name taken by " + holder, before, null, deps);
        }
        List<String> blockers = in.blockers.getOrDefault(w.address().toString(), List.of());
        if (!blockers.isEmpty()) return Change.of(w.address(), Action.UNKNOWN, String.join("; ", blockers), before, null, deps);
        String image = w.container().image();
        Push push = in.pushes.get(image);
        String reference = image;
        String pendingWhy = null;
        if (push != null) {
            if (push.pending() == Action.UNKNOWN) return Change.of(w.address(), Action.UNKNOWN, push.why(), before, null, deps);
            reference = push.digest();
            if (reference == null) pendingWhy = push.pending() == Action.CREATE ? "image " + image + " " + push.why() : "image " + image + " pushed";
        }
        Map<String, String> fields = reference == null ? null : SwarmSpecs.digests(w, reference);
        String hash = fields == null ? KNOWN_AFTER_APPLY : dev.factory.kinds.container.ContainerFields.hash(fields);
        var after = new SwarmPayload.Wanted(reference == null ? KNOWN_AFTER_APPLY : reference, hash,
                fields == null ? null : dev.factory.kinds.container.ContainerFields.label(fields), w.job() ? null : w.replicas());
        if (actual == null) return Change.of(w.address(), Action.CREATE, "not created yet", null, after, deps);
        if (fields == null) return Change.of(w.address(), Action.UPDATE, pendingWhy, before, after, deps);
        if (!hash.equals(actual.label(Ownership.HASH))) {
            var changed = dev.factory.kinds.container.ContainerFields.changed(
                    dev.factory.kinds.container.ContainerFields.parseLabel(actual.label(dev.factory.kinds.container.ContainerFields.LABEL)), fields);
            return Change.of(w.address(), Action.UPDATE, changed.isEmpty() ? "configuration changed" : "changed: " + String.join(", ", changed),
                    before, after, deps);
        }
        String facts = SwarmPayload.facts(actual, in.tasks, in.nodes, in.cluster);
        if (actual.rolloutStuck()) {
            String stuck = "its last rollout is " + actual.updateState().replace('_', ' ')
                    + (actual.updateMessage() == null ? "" : " (" + actual.updateMessage() + ")");
            diagnostics.add(Diagnostic.warning(w.container().at(), (w.job() ? "jobs." : "services.") + w.name(), w.address() + ": " + stuck
                    + "; see docker service ps " + w.serviceName() + ", fix the cause, and apply again (a changed spec rolls out anew)"));
            facts = facts + "; " + stuck;
        }
        if (!w.job() && SwarmPayload.running(actual, in.tasks) < w.replicas()) {
            diagnostics.add(Diagnostic.warning(w.container().at(), "services." + w.name(), w.address() + ": replicas short, " + facts
                    + "; the swarm places them when a node that fits is up"));
            facts = "replicas short: " + facts;
        }
        return Change.of(w.address(), Action.NO_OP, facts, before, after, deps);
    }

    private static Change unknown(Address address, String why) {
        return Change.of(address, Action.UNKNOWN, why, null, null, List.of());
    }

    static String facts(SwarmEngine.Node node) {
        return node.state() + ", " + node.availability() + (node.leader() ? ", leader" : "");
    }

    /** A node as people know it: its declared name, else its hostname, with its address. */
    static String describe(SwarmEngine.Node node, ClusterSpec cluster) {
        return cluster.declared(node.address(), node.hostname()).map(ClusterSpec.NodeSpec::name).orElse(node.hostname()) + " " + node.address();
    }
}
