package dev.factory.kinds.volume;

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

/**
 * Declared volumes: created when missing. A volume holds data, so apply never deletes or
 * recreates one: an undeclared owned volume is reported and kept (prune rules remove volumes).
 */
public final class VolumeKind implements ResourceKind {
    public static final String KIND = "volume";

    private final VolumeEngine engine;
    private final dev.factory.plan.Owner owner;

    public VolumeKind(VolumeEngine engine, dev.factory.plan.Owner owner) {
        this.engine = engine;
        this.owner = owner;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public KindPlan plan(Desired desired, Map<Address, Change> earlier) {
        List<VolumeEngine.EngineVolume> live;
        try {
            live = engine.listVolumes();
        } catch (DockerUnavailableException e) {
            return KindPlan.engineUnreachable(desired.get(VolumeSection.SECTION).keySet().stream().map(n -> Address.of(KIND, n)).toList(), List.of());
        }
        return plan(owner, desired.get(VolumeSection.SECTION), live, desired.configDir());
    }

    static KindPlan plan(dev.factory.plan.Owner owner, Map<String, VolumeSpec> desired, List<VolumeEngine.EngineVolume> live, java.nio.file.Path configDir) {
        var byName = new HashMap<String, VolumeEngine.EngineVolume>();
        live.forEach(v -> byName.put(v.name(), v));
        var changes = new ArrayList<Change>();
        var diagnostics = new ArrayList<Diagnostic>();
        var observed = new TreeMap<String, String>();
        for (VolumeSpec spec : new TreeMap<>(desired).values()) {
            Address address = Address.of(KIND, spec.name());
            var actual = byName.get(spec.name());
            observed.put(address.toString(), actual == null ? "absent" : "present");
            var after = new VolumePayload(spec.driver());
            if (actual == null) {
                changes.add(Change.of(address, Action.CREATE, "not created yet", null, after, List.of()));
            } else if (!owner.owns(actual.labels(), actual.name())) {
                diagnostics.add(Diagnostic.error(SourceLocation.of(configDir), "volumes." + spec.name(), address
                        + ": a volume named " + spec.name() + " exists and factory does not own it" + (owner.isForeign(actual.labels(), actual.name())
                        ? " (another factory lineage made it: factory import " + address + " adopts it)" : "") + "; rename the declared volume, "
                        + "or, to adopt its data, copy it into a volume factory creates"));
                changes.add(Change.of(address, Action.UNKNOWN, "name taken by an unmanaged volume", null, null, List.of()));
            } else {
                String reason = spec.driver().equals(actual.driver()) ? "exists"
                        : "exists with driver " + actual.driver() + "; volumes are never recreated by apply";
                changes.add(Change.of(address, Action.NO_OP, reason, new VolumePayload(actual.driver()), after, List.of()));
            }
        }
        for (var kept : Ownership.undeclared(live, KIND, desired.keySet(), v -> owner.owns(v.labels(), v.name()), VolumeEngine.EngineVolume::labels)) {
            observed.put(kept.address().toString(), "present");
            changes.add(Change.of(kept.address(), Action.NO_OP,
                    "no longer declared; kept: volumes hold data and are removed only by prune rules", new VolumePayload(kept.object().driver()), null, List.of()));
        }
        return new KindPlan(changes, diagnostics, observed,
                dev.factory.plan.Foreign.among(live, KIND, owner, VolumeEngine.EngineVolume::labels, VolumeEngine.EngineVolume::name));
    }

    @Override
    public void apply(Change change, Desired desired) {
        if (change.action() != Action.CREATE) {
            throw new IllegalArgumentException(change.address() + ": apply only ever creates volumes");
        }
        VolumeSpec spec = desired.get(VolumeSection.SECTION).get(change.address().name());
        engine.createVolume(spec.name(), spec.driver(), Ownership.labels(owner, change.address(), spec.driver()));
    }
}
