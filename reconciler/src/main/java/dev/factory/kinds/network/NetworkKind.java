package dev.factory.kinds.network;

import dev.factory.config.Desired;
import dev.factory.config.Diagnostic;
import dev.factory.config.SourceLocation;
import dev.factory.engine.port.DockerUnavailableException;
import dev.factory.plan.Action;
import dev.factory.plan.Address;
import dev.factory.plan.Change;
import dev.factory.plan.KindPlan;
import dev.factory.plan.Ownership;
import dev.factory.plan.ResourceKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Declared networks: created when missing, replaced when their driver or isolation changes, deleted when undeclared. */
public final class NetworkKind implements ResourceKind {
    public static final String KIND = "network";

    private final NetworkEngine engine;
    private final dev.factory.plan.Owner owner;

    public NetworkKind(NetworkEngine engine, dev.factory.plan.Owner owner) {
        this.engine = engine;
        this.owner = owner;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public java.util.Set<String> plannedAfter() {
        return java.util.Set.of("container");
    }

    @Override
    public KindPlan plan(Desired desired, Map<Address, Change> earlier) {
        List<NetworkEngine.EngineNetwork> live;
        try {
            live = engine.listNetworks();
        } catch (DockerUnavailableException e) {
            return KindPlan.engineUnreachable(desired.get(NetworkSection.SECTION).keySet().stream().map(n -> Address.of(KIND, n)).toList(), List.of());
        }
        return plan(owner, desired.get(NetworkSection.SECTION), live, earlier, desired.configDir());
    }

    /** The pure diff. Deleting a network waits for the container deletes planned before it. */
    static KindPlan plan(dev.factory.plan.Owner owner, Map<String, NetworkSpec> desired, List<NetworkEngine.EngineNetwork> live,
                         Map<Address, Change> earlier, java.nio.file.Path configDir) {
        var byName = new HashMap<String, NetworkEngine.EngineNetwork>();
        live.forEach(n -> byName.put(n.name(), n));
        var changes = new ArrayList<Change>();
        var diagnostics = new ArrayList<Diagnostic>();
        var observed = new TreeMap<String, String>();
        for (NetworkSpec spec : new TreeMap<>(desired).values()) {
            Address address = Address.of(KIND, spec.name());
            var actual = byName.get(spec.name());
            observed.put(address.toString(), actual == null ? "absent" : actual.id());
            var after = NetworkPayload.of(spec.driver(), spec.internal());
            if (actual == null) {
                changes.add(Change.of(address, Action.CREATE, "not created yet", null, after, List.of()));
            } else if (!owner.owns(actual.labels(), actual.id())) {
                diagnostics.add(Diagnostic.error(SourceLocation.of(configDir), "networks." + spec.name(), address
                        + ": a network named " + spec.name() + " exists and factory does not own it" + (owner.isForeign(actual.labels(), actual.id())
                        ? " (another factory lineage made it: factory import " + address + " adopts it)" : "") + "; rename the declared network"));
                changes.add(Change.of(address, Action.UNKNOWN, "name taken by an unmanaged network", null, null, List.of()));
            } else {
                var before = NetworkPayload.of(actual.driver(), actual.internal());
                var differ = new ArrayList<String>();
                if (!spec.driver().equals(actual.driver())) differ.add("driver");
                if (spec.internal() != actual.internal()) differ.add("internal");
                changes.add(differ.isEmpty() ? Change.of(address, Action.NO_OP, "exists", before, after, List.of())
                        : Change.of(address, Action.REPLACE, "changed: " + String.join(", ", differ), before, after, List.of()));
            }
        }
        var containerDeletes = earlier.values().stream()
                .filter(c -> c.address().kind().equals("container") && c.action() == Action.DELETE).map(Change::address).toList();
        for (var gone : Ownership.undeclared(live, KIND, desired.keySet(), n -> owner.owns(n.labels(), n.id()), NetworkEngine.EngineNetwork::labels)) {
            observed.put(gone.address().toString(), gone.object().id());
            changes.add(Change.of(gone.address(), Action.DELETE, "no longer declared", new NetworkPayload(gone.object().id(), null, null), null, containerDeletes));
        }
        return new KindPlan(changes, diagnostics, observed,
                dev.factory.plan.Foreign.among(live, KIND, owner, NetworkEngine.EngineNetwork::labels, NetworkEngine.EngineNetwork::id));
    }

    @Override
    public void apply(Change change, Desired desired) {
        String name = change.address().name();
        switch (change.action()) {
            case CREATE -> create(desired.get(NetworkSection.SECTION).get(name), change.address());
            case REPLACE -> {
                removeOwned(change.address());
                create(desired.get(NetworkSection.SECTION).get(name), change.address());
            }
            case DELETE -> removeOwned(change.address());
            default -> throw new IllegalArgumentException(change.address() + ": nothing to apply for " + change.action().word());
        }
    }

    private void create(NetworkSpec spec, Address address) {
        var labels = Ownership.labels(owner, address, spec.driver() + (spec.internal() ? "+internal" : ""));
        engine.createNetwork(spec.name(), spec.driver(), spec.internal(), labels);
    }

    private void removeOwned(Address address) {
        for (var n : engine.listNetworks()) {
            if (owner.owns(n.labels(), n.id()) && address.toString().equals(n.labels().get(Ownership.ADDRESS))) {
                engine.removeNetwork(n.id());
            }
        }
    }
}
