package dev.factory.kinds.container;

import dev.factory.kinds.image.ImageSection;
import dev.factory.kinds.network.NetworkSection;
import dev.factory.engine.port.ContainerEngine;
import dev.factory.engine.port.EngineContainer;
import dev.factory.engine.port.MountSpec;

import dev.factory.config.Desired;
import dev.factory.config.Diagnostic;
import dev.factory.config.HostPaths;
import dev.factory.engine.port.DockerUnavailableException;
import dev.factory.engine.port.EngineImage;
import dev.factory.engine.port.ImageEngine;
import dev.factory.plan.Action;
import dev.factory.plan.Address;
import dev.factory.plan.Change;
import dev.factory.plan.KindPlan;
import dev.factory.plan.Ownership;
import dev.factory.plan.ResourceKind;
import dev.factory.secrets.SecretStore;
import dev.factory.state.Inventory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Service containers: one list call observes them all; {@link ContainerPlanner} diffs; this class creates, starts, replaces and removes. */
public final class ContainerKind implements ResourceKind {
    private final ContainerEngine engine;
    private final ImageEngine images;
    private final dev.factory.plan.Owner owner;
    private final Inventory inventory;

    public ContainerKind(ContainerEngine engine, ImageEngine images, dev.factory.plan.Owner owner, Inventory inventory) {
        this.engine = engine;
        this.images = images;
        this.owner = owner;
        this.inventory = inventory;
    }

    @Override
    public String kind() {
        return ContainerSpec.KIND;
    }

    @Override
    public java.util.Set<String> plannedAfter() {
        return java.util.Set.of("image");
    }

    @Override
    public KindPlan plan(Desired desired, Map<Address, Change> earlier) {
        var wanted = ContainerSection.containers(desired);
        List<EngineContainer> containers;
        List<EngineImage> imageList;
        try {
            containers = engine.listContainers();
            imageList = wanted.isEmpty() ? List.of() : images.listImages();
        } catch (DockerUnavailableException e) {
            return KindPlan.engineUnreachable(wanted.values().stream().map(s -> s.address()).toList(), List.of());
        }
        var diagnostics = new ArrayList<Diagnostic>();
        SecretStore secrets = desired.secrets();
        var imageStates = new HashMap<String, ContainerPlanner.ImageState>();
        var blockers = new HashMap<String, List<String>>();
        var dependsOn = new HashMap<String, List<Address>>();
        var looseReported = new LinkedHashSet<Path>();
        var idOfTag = EngineImage.byTag(imageList);
        for (ContainerSpec spec : wanted.values()) {
            imageStates.put(spec.name(), ContainerImages.imageState(spec.image(), desired, earlier, idOfTag));
            blockers.put(spec.name(), ContainerRequests.hostProblems(spec, secrets, looseReported, diagnostics));
            dependsOn.put(spec.name(), dependencies(spec, desired));
        }
        var replicas = new HashMap<String, Integer>();
        desired.get(ContainerSection.SECTION).services().values().forEach(s -> replicas.put(s.name(), s.replicas()));
        var plan = ContainerPlanner.plan(new ContainerPlanner.Input(owner, wanted, imageStates, blockers, dependsOn, containers, replicas));
        diagnostics.addAll(plan.diagnostics());
        return new KindPlan(plan.changes(), diagnostics, plan.observed(), plan.foreign());
    }

    private static List<Address> dependencies(ContainerSpec spec, Desired desired) {
        var out = new ArrayList<Address>();
        if (desired.get(ImageSection.SECTION).containsKey(spec.image())) out.add(Address.of("image", spec.image()));
        if (desired.get(NetworkSection.SECTION).containsKey(spec.profile().network())) out.add(Address.of("network", spec.profile().network()));
        if (spec.profile().egressEnforced()) out.add(Address.of("egress", spec.profile().name()));
        for (MountSpec m : spec.profile().mounts()) {
            if (m.type() == MountSpec.Type.VOLUME) out.add(Address.of("volume", m.source()));
        }
        for (ServiceSpec waited : waitsFor(spec, desired)) {
            waited.containerNames().forEach(name -> out.add(Address.of(ContainerSpec.KIND, name)));
        }
        return out;
    }

    /** The declared services the container's service waits for (dependsOn). */
    private static List<ServiceSpec> waitsFor(ContainerSpec spec, Desired desired) {
        var services = ContainerSection.services(desired);
        return ContainerSection.serviceOf(desired, spec.name()).map(s -> s.dependsOn().stream().map(services::get)
                .filter(java.util.Objects::nonNull).toList()).orElse(List.of());
    }

    /**
     * Before the container starts, every container of the services it waits for is healthy (or
     * running, for a service without a check), as compose's {@code condition: service_healthy};
     * each for at most its check's patience. An unhealthy one, or one out of time, fails this
     * change, and with it whatever waits on this one.
     */
    private void awaitDependencies(ContainerSpec spec, Desired desired) throws IOException {
        for (ServiceSpec waited : waitsFor(spec, desired)) {
            java.time.Duration patience = waited.health() == null ? RUNNING_WITHIN : waited.health().patience();
            long deadline = System.nanoTime() + patience.toNanos();
            for (String name : waited.containerNames()) {
                while (true) {
                    String state = readiness(name, waited.health() != null);
                    if (state.equals("ready")) break;
                    if (state.equals("unhealthy")) {
                        throw new IOException(spec.address() + ": waits for " + name + ", which is unhealthy (docker inspect " + name
                                + " shows its check's last output)");
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IOException(spec.address() + ": waits for " + name + ", which is still " + state + " after "
                                + patience.toSeconds() + " s");
                    }
                    try {
                        Thread.sleep(250);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException(spec.address() + ": interrupted while waiting for " + name, e);
                    }
                }
            }
        }
    }

    static final java.time.Duration RUNNING_WITHIN = java.time.Duration.ofSeconds(30);

    /** {@code ready}, or what the container is instead: absent, its state, starting, unhealthy. */
    private String readiness(String name, boolean checked) {
        EngineContainer c = engine.listContainers().stream().filter(x -> x.name().equals(name) && x.ownedBy(owner)).findFirst().orElse(null);
        if (c == null) return "absent";
        if (!c.isUp()) return c.state();
        if (!checked) return "ready";
        String health = engine.health(c.id());
        if ("healthy".equals(health)) return "ready";
        return health == null ? "without a health check" : health;
    }

    @Override
    public void apply(Change change, Desired desired) throws Exception {
        String name = change.address().name();
        switch (change.action()) {
            case CREATE -> create(ContainerSection.containers(desired).get(name), desired, change);
            case REPLACE -> {
                removeOwned(change.address());
                create(ContainerSection.containers(desired).get(name), desired, change);
            }
            case UPDATE -> {
                EngineContainer stopped = ownedContainer(change.address());
                awaitDependencies(ContainerSection.containers(desired).get(name), desired);
                engine.start(stopped.id());
            }
            case DELETE -> {
                removeOwned(change.address());
                inventory.remove(change.address().toString());
            }
            default -> throw new IllegalArgumentException(change.address() + ": nothing to apply for " + change.action().word());
        }
    }

    private void create(ContainerSpec spec, Desired desired, Change change) throws IOException {
        String imageId = resolveImage(spec, desired);
        var fields = ContainerFields.digests(spec, imageId);
        String hash = ContainerFields.hash(fields);
        String planned = change.after() == null ? null : dev.factory.plan.Payload.read(change.after(), ContainerPayload.class).hash();
        if (planned != null && !planned.equals(ContainerPlanner.KNOWN_AFTER_APPLY) && !planned.equals(hash)) {
            throw new IOException(spec.address() + ": its configuration changed after the plan was made; run factory plan again");
        }
        var labels = new LinkedHashMap<>(Ownership.labels(owner, spec.address(), hash));
        labels.put(ContainerFields.LABEL, ContainerFields.label(fields));
        var request = ContainerRequests.build(spec, imageId, labels, false, desired.secrets());
        String id = engine.create(request);
        Seeds.seed(engine, id, spec);
        Seeds.installGitGuard(engine, id, spec.profile());
        awaitDependencies(spec, desired);
        engine.start(id);
        inventory.put(spec.address().toString(), new Inventory.Entry(ContainerSpec.KIND, id, hash, Instant.now(), null));
    }

    private String resolveImage(ContainerSpec spec, Desired desired) throws IOException {
        var state = ContainerImages.current(spec.image(), desired, images::idOfTag);
        if (state.id() == null) throw new IOException(spec.address() + ": " + state.why());
        return state.id();
    }

    private EngineContainer ownedContainer(Address address) throws IOException {
        for (EngineContainer c : engine.listContainers()) {
            if (c.ownedBy(owner) && address.toString().equals(c.label(Ownership.ADDRESS))) return c;
        }
        throw new IOException(address + ": no container of ours carries this address any more");
    }

    private void removeOwned(Address address) {
        for (EngineContainer c : engine.listContainers()) {
            if (c.ownedBy(owner) && address.toString().equals(c.label(Ownership.ADDRESS))) engine.stopAndRemove(c.id());
        }
    }

}
