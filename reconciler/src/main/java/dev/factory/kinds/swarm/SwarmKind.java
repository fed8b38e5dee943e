package dev.factory.kinds.swarm;

import dev.factory.kinds.container.ClusterSection;
import dev.factory.kinds.container.ClusterSpec;

import dev.factory.config.Desired;
import dev.factory.config.Diagnostic;
import dev.factory.engine.port.DockerUnavailableException;
import dev.factory.engine.port.EngineImage;
import dev.factory.engine.port.ImageEngine;
import dev.factory.kinds.container.ContainerFields;
import dev.factory.kinds.container.ContainerImages;
import dev.factory.kinds.container.ContainerPlanner;
import dev.factory.kinds.container.ContainerRequests;
import dev.factory.kinds.container.ContainerSection;
import dev.factory.kinds.image.ImageSection;
import dev.factory.plan.Action;
import dev.factory.plan.Address;
import dev.factory.plan.Change;
import dev.factory.plan.KindPlan;
import dev.factory.plan.Owner;
import dev.factory.plan.Payload;
import dev.factory.plan.ResourceKind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A swarm's share of the config, when {@code cluster.engine} is swarm: node labels, images pushed
 * to the registry, services and jobs as swarm services. Observes with four calls (info, nodes,
 * services, tasks) plus one per image the workloads run; {@link SwarmPlanner} diffs; this class
 * applies. Without a cluster it plans nothing and calls nothing.
 */
public final class SwarmKind implements ResourceKind {
    private final SwarmEngine swarm;
    private final ImageEngine images;
    private final Owner host;
    private final DeclaredJobs jobs;

    public SwarmKind(SwarmEngine swarm, ImageEngine images, Owner host, DeclaredJobs jobs) {
        this.swarm = swarm;
        this.images = images;
        this.host = host;
        this.jobs = jobs;
    }

    @Override
    public String kind() {
        return Workload.SERVICE;
    }

    @Override
    public List<String> addressKinds() {
        return List.of(SwarmPlanner.NODE, SwarmPlanner.REGISTRY, Workload.SERVICE, Workload.JOB);
    }

    @Override
    public Set<String> plannedAfter() {
        return Set.of("image");
    }

    /** Swarm objects belong to the swarm, not to one manager's state dir: any leader owns what the last one made. */
    static Owner owner(Owner host, String clusterId) {
        return new Owner("swarm-" + clusterId, host.name(), Set.of(), false);
    }

    /** Every workload the config runs on the swarm, by address. */
    Map<String, Workload> workloads(Desired desired) {
        var out = new TreeMap<String, Workload>();
        var profiles = ContainerSection.profiles(desired);
        for (var service : ContainerSection.services(desired).values()) {
            var w = Workload.service(service, profiles.get(service.profile()));
            out.put(w.address().toString(), w);
        }
        if (jobs != null) jobs.jobs(desired).values().forEach(w -> out.put(w.address().toString(), w));
        return out;
    }

    @Override
    public KindPlan plan(Desired desired, Map<Address, Change> earlier) {
        ClusterSpec cluster = ClusterSection.of(desired);
        if (!cluster.enabled()) return new KindPlan(List.of(), List.of(), Map.of());
        var workloads = workloads(desired);
        SwarmEngine.State state;
        List<SwarmEngine.Node> nodes = List.of();
        List<SwarmEngine.Service> services = List.of();
        List<SwarmEngine.Task> tasks = List.of();
        var pushes = new TreeMap<String, SwarmPlanner.Push>();
        try {
            state = swarm.state();
            if (state.active() && state.manager()) {
                nodes = swarm.nodes();
            }
            if (state.leads(nodes)) {   // a follower plans nothing of the swarm's: it need not read it
                services = swarm.services();
                tasks = swarm.tasks();
                List<EngineImage> imageList = images.listImages();
                for (Workload w : workloads.values()) {
                    String image = w.container().image();
                    if (desired.get(ImageSection.SECTION).containsKey(image) && !pushes.containsKey(image)) {
                        pushes.put(image, push(image, desired, earlier, imageList, cluster));
                    }
                }
            }
        } catch (DockerUnavailableException e) {
            var addresses = new ArrayList<Address>();
            cluster.nodes().keySet().forEach(n -> addresses.add(Address.of(SwarmPlanner.NODE, n)));
            workloads.values().forEach(w -> addresses.add(w.address()));
            return KindPlan.engineUnreachable(addresses, List.of(Diagnostic.warning(cluster.at(), "cluster", e.getMessage())));
        }
        var blockers = new LinkedHashMap<String, List<String>>();
        var dependsOn = new LinkedHashMap<String, List<Address>>();
        var diagnostics = new ArrayList<Diagnostic>();
        var loose = new HashSet<java.nio.file.Path>();
        for (Workload w : workloads.values()) {
            var problems = new ArrayList<>(ContainerRequests.hostProblems(w.container(), desired.secrets(), loose, diagnostics));
            ContainerSection.swarmProblem(w.container().profile()).ifPresent(problems::add);
            blockers.put(w.address().toString(), problems);
            var deps = new ArrayList<Address>();
            if (pushes.containsKey(w.container().image())) deps.add(Address.of(SwarmPlanner.REGISTRY, w.container().image()));
            cluster.nodes().keySet().forEach(n -> deps.add(Address.of(SwarmPlanner.NODE, n)));
            dependsOn.put(w.address().toString(), deps);
        }
        Owner owner = state.clusterId() == null ? host : owner(host, state.clusterId());
        var plan = SwarmPlanner.plan(new SwarmPlanner.Input(owner, cluster, state, nodes, services, tasks, workloads, pushes, blockers, dependsOn));
        if (state.active() && !state.noNewPrivilegesByDefault() && !workloads.isEmpty()) {
            diagnostics.add(Diagnostic.warning(cluster.at(), "cluster", "swarm services cannot carry no-new-privileges on this engine (its API has no field "
                    + "for it); set \"no-new-privileges\": true in /etc/docker/daemon.json on every node (docs/security.md, Swarm)"));
        }
        diagnostics.addAll(plan.diagnostics());
        return new KindPlan(plan.changes(), diagnostics, plan.observed(), plan.foreign());
    }

    private SwarmPlanner.Push push(String image, Desired desired, Map<Address, Change> earlier, List<EngineImage> imageList, ClusterSpec cluster) {
        ContainerPlanner.ImageState state = ContainerImages.imageState(image, desired, earlier, imageList);
        if (state.pending() == Action.UNKNOWN) return SwarmPlanner.Push.unknown(image, state.why());
        if (state.id() == null) return SwarmPlanner.Push.built(image, state.why());
        return SwarmPlanner.Push.local(image, state.id(), pushed(image, state.id(), cluster).orElse(null));
    }

    /** The digest reference under which {@code imageId} of {@code image} is in the registry, if it was pushed. */
    private java.util.Optional<String> pushed(String image, String imageId, ClusterSpec cluster) {
        String repository = cluster.repository(image);
        return swarm.pushedDigest(repository + ":" + tag(imageId), repository);
    }

    /** The registry tag of an image: its id's first 12 hex digits, so a tag names the bits. */
    static String tag(String imageId) {
        String hex = imageId.startsWith("sha256:") ? imageId.substring(7) : imageId;
        return hex.substring(0, Math.min(12, hex.length()));
    }

    @Override
    public void apply(Change change, Desired desired) throws Exception {
        ClusterSpec cluster = ClusterSection.of(desired);
        Address address = change.address();
        switch (address.kind()) {
            case SwarmPlanner.NODE -> applyNode(change, cluster);
            case SwarmPlanner.REGISTRY -> {
                var state = ContainerImages.current(address.name(), desired, images::idOfTag);
                if (state.id() == null) throw new IOException(address + ": " + state.why());
                swarm.push(state.id(), cluster.repository(address.name()), tag(state.id()));
            }
            default -> applyWorkload(change, desired, cluster);
        }
    }

    private void applyNode(Change change, ClusterSpec cluster) throws IOException {
        var before = Payload.read(change.before(), SwarmPayload.NodeState.class);
        var after = Payload.read(change.after(), SwarmPayload.NodeState.class);
        SwarmEngine.Node node = swarm.nodes().stream().filter(n -> n.id().equals(before.id())).findFirst()
                .orElseThrow(() -> new IOException(change.address() + ": node " + before.id() + " left the swarm since the plan"));
        var spec = node.spec().deepCopy();
        var labels = NodeLabels.apply(node.labels(), after.labels());
        spec.set("Labels", spec.objectNode().setAll(toNodes(labels, spec)));
        swarm.updateNode(node.id(), node.version(), spec);
    }

    private static Map<String, com.fasterxml.jackson.databind.JsonNode> toNodes(Map<String, String> labels, com.fasterxml.jackson.databind.node.ObjectNode spec) {
        var out = new LinkedHashMap<String, com.fasterxml.jackson.databind.JsonNode>();
        labels.forEach((k, v) -> out.put(k, spec.textNode(v)));
        return out;
    }

    private void applyWorkload(Change change, Desired desired, ClusterSpec cluster) throws IOException {
        SwarmEngine.State state = swarm.state();
        Owner owner = owner(host, state.clusterId());
        if (change.action() == Action.DELETE) {
            for (SwarmEngine.Service s : swarm.services()) {
                if (owner.owns(s.labels(), s.id()) && change.address().toString().equals(s.label(dev.factory.plan.Ownership.ADDRESS))) swarm.removeService(s.id());
            }
            return;
        }
        Workload w = workloads(desired).get(change.address().toString());
        if (w == null) throw new IOException(change.address() + ": no longer declared; run factory plan again");
        String reference = w.container().image();
        if (desired.get(ImageSection.SECTION).containsKey(reference)) {
            var image = ContainerImages.current(reference, desired, images::idOfTag);
            if (image.id() == null) throw new IOException(change.address() + ": " + image.why());
            String repository = cluster.repository(reference);
            reference = pushed(reference, image.id(), cluster)
                    .orElseThrow(() -> new IOException(change.address() + ": its image is not in " + repository + " yet; apply registry/" + w.container().image() + " first"));
        }
        var fields = SwarmSpecs.digests(w, reference);
        String hash = ContainerFields.hash(fields);
        var planned = Payload.read(change.after(), SwarmPayload.Wanted.class);
        if (planned != null && !SwarmPlanner.KNOWN_AFTER_APPLY.equals(planned.hash()) && !planned.hash().equals(hash)) {
            throw new IOException(change.address() + ": its configuration changed after the plan was made; run factory plan again");
        }
        var labels = new TreeMap<>(owner.labels(w.address(), hash));
        labels.put(ContainerFields.LABEL, ContainerFields.label(fields));
        var env = ContainerRequests.build(w.container(), reference, labels, false, desired.secrets()).env();
        var spec = SwarmSpecs.spec(w, reference, env, labels);
        var existing = swarm.services().stream().filter(s -> s.name().equals(w.serviceName())).findFirst();
        if (existing.isEmpty()) {
            swarm.createService(spec);
        } else if (owner.owns(existing.get().labels(), existing.get().id())) {
            swarm.updateService(existing.get().id(), existing.get().version(), spec);
        } else {
            // taken since the plan was made: never update what factory does not own
            throw new IOException(change.address() + ": the swarm service name " + w.serviceName() + " is now held by a service factory does not own");
        }
    }
}
