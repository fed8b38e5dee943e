package dev.factory.kinds.container;

import dev.factory.engine.port.EngineContainer;

import dev.factory.config.Diagnostic;
import dev.factory.plan.Action;
import dev.factory.plan.Address;
import dev.factory.plan.Change;
import dev.factory.plan.Foreign;
import dev.factory.plan.KindPlan;
import dev.factory.plan.Ownership;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The pure diff for service containers: desired replicas against the engine's containers. */
public final class ContainerPlanner {
    static final String KNOWN_AFTER_APPLY = "(known after apply)";

    /** What the container's image is at plan time: its id, or why it is not known yet. */
    @dev.factory.engine.KindApi
    public record ImageState(String id, Action pending, String why) {
        public static ImageState ready(String id) {
            return new ImageState(id, Action.NO_OP, null);
        }

        public static ImageState rebuilt(String why) {
            return new ImageState(null, Action.REPLACE, why);
        }

        public static ImageState unknown(String why) {
            return new ImageState(null, Action.UNKNOWN, why);
        }
    }

    /**
     * @param blockers desired container name -> host problems that stop it (a missing mount source, an unresolvable secret)
     * @param dependsOn desired container name -> declared objects it needs (its image, network, volumes)
     */
    public record Input(dev.factory.plan.Owner owner, Map<String, ContainerSpec> desired, Map<String, ImageState> images,
                        Map<String, List<String>> blockers, Map<String, List<Address>> dependsOn,
                        List<EngineContainer> containers, Map<String, Integer> replicas) {}

    private ContainerPlanner() {}

    public static KindPlan plan(Input in) {
        var byName = new LinkedHashMap<String, EngineContainer>();
        in.containers.forEach(c -> byName.put(c.name(), c));
        var changes = new ArrayList<Change>();
        var diagnostics = new ArrayList<Diagnostic>();
        var observed = new TreeMap<String, String>();
        // each profile's fields digested once (a profile is one object, shared by the services that use it)
        var profiles = new java.util.IdentityHashMap<ProfileSpec, Map<String, String>>();
        java.util.function.Function<ProfileSpec, Map<String, String>> profileFields = p -> profiles.computeIfAbsent(p, ContainerFields::profileDigests);
        var memo = new ContainerFields.Memo();
        for (ContainerSpec spec : new TreeMap<>(in.desired).values()) {
            EngineContainer actual = byName.get(spec.name());
            observed.put(spec.address().toString(), actual == null ? "absent" : actual.id() + ":" + actual.state());
            changes.add(planOne(spec, actual, in, diagnostics, profileFields, memo));
        }
        for (var gone : Ownership.undeclared(in.containers, ContainerSpec.KIND, in.desired.keySet(), c -> c.ownedBy(in.owner), EngineContainer::labels)) {
            var c = gone.object();
            observed.put(gone.address().toString(), c.id() + ":" + c.state());
            changes.add(Change.of(gone.address(), Action.DELETE, deletionReason(gone.address().name(), in.replicas),
                    ContainerPayload.live(c.id(), String.valueOf(c.state()), null), null, List.of()));
        }
        var foreign = new ArrayList<Foreign>();
        for (EngineContainer c : in.containers) {
            String address = c.label(Ownership.ADDRESS);
            if (address == null || address.startsWith("image/") || address.indexOf('/') <= 0) continue;   // labels an image lent it
            if (in.owner.isForeign(c.labels(), c.id())) foreign.add(Foreign.of(Address.parse(address), c.id(), c.labels()));
        }
        return new KindPlan(changes, diagnostics, observed, foreign);
    }

    private static Change planOne(ContainerSpec spec, EngineContainer actual, Input in, List<Diagnostic> diagnostics,
                                  java.util.function.Function<ProfileSpec, Map<String, String>> profileFields, ContainerFields.Memo memo) {
        List<Address> deps = in.dependsOn.getOrDefault(spec.name(), List.of());
        var before = actual == null ? null
                : ContainerPayload.live(actual.id(), String.valueOf(actual.state()), String.valueOf(actual.label(Ownership.HASH)));
        if (actual != null && !actual.ownedBy(in.owner)) {
            if (spec.address().toString().equals(actual.label(Ownership.ADDRESS)) && in.owner.isForeign(actual.labels(), actual.id())) {
                diagnostics.add(Diagnostic.error(spec.at(), "services", spec.address() + ": the name " + spec.name()
                        + " is held by another factory's container (" + Foreign.of(spec.address(), actual.id(), actual.labels()).describe()
                        + "); if it is this config's, adopt it with: factory import " + spec.address()));
                return Change.of(spec.address(), Action.UNKNOWN, "name held by another factory lineage's container", before, null, deps);
            }
            diagnostics.add(Diagnostic.error(spec.at(), "services", spec.address() + ": the name " + spec.name()
                    + " is taken by a container factory does not own; rename or remove that container, or rename the service"));
            return Change.of(spec.address(), Action.UNKNOWN, "name taken by an unmanaged container", before, null, deps);
        }
        List<String> blockers = in.blockers.getOrDefault(spec.name(), List.of());
        if (!blockers.isEmpty()) return Change.of(spec.address(), Action.UNKNOWN, String.join("; ", blockers), before, null, deps);
        ImageState image = in.images.get(spec.name());
        if (image.pending() == Action.UNKNOWN) return Change.of(spec.address(), Action.UNKNOWN, image.why(), before, null, deps);

        Map<String, String> fields = image.id() == null ? null : memo.digests(spec, image.id(), profileFields);
        String hash = fields == null ? null : memo.hash(fields);
        var after = ContainerPayload.wanted(spec.image(), fields == null ? KNOWN_AFTER_APPLY : hash,
                fields == null ? null : memo.label(fields));
        if (actual == null) return Change.of(spec.address(), Action.CREATE, "not created yet", null, after, deps);
        if (fields == null) return Change.of(spec.address(), Action.REPLACE, image.why(), before, after, deps);
        if (!hash.equals(actual.label(Ownership.HASH))) {
            var changed = ContainerFields.changed(ContainerFields.parseLabel(actual.label(ContainerFields.LABEL)), fields);
            String reason = changed.isEmpty() ? "configuration changed" : "changed: " + String.join(", ", changed);
            return Change.of(spec.address(), Action.REPLACE, reason, before, after, deps);
        }
        if (!actual.isUp()) {
            return Change.of(spec.address(), Action.UPDATE, "stopped (" + actual.state() + "); start it", before, after, deps);
        }
        String health = actual.health();
        if ("unhealthy".equals(health)) {
            diagnostics.add(Diagnostic.warning(spec.at(), "services", spec.address() + " is unhealthy: its health check fails (docker inspect "
                    + spec.name() + " shows the check's last output); factory leaves it running, as the engine does"));
        }
        return Change.of(spec.address(), Action.NO_OP, health == null ? "running" : "running, " + health, before, after, deps);
    }

    private static String deletionReason(String name, Map<String, Integer> replicas) {
        int dash = name.lastIndexOf('-');
        if (dash > 0 && replicas.containsKey(name.substring(0, dash))) {
            return "extra replica (replicas: " + replicas.get(name.substring(0, dash)) + ")";
        }
        return "no longer declared";
    }
}
