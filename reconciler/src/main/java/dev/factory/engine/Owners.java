package dev.factory.engine;

import dev.factory.config.HostSpec;
import dev.factory.engine.port.LabelledObjects;
import dev.factory.plan.Owner;
import dev.factory.plan.Ownership;
import dev.factory.state.Lineage;
import dev.factory.state.StateDir;
import java.io.IOException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** The {@link Owner} a command acts as: read-only for plans, made (with its lineage) for anything that creates. */
public final class Owners {
    private Owners() {}

    /** For planning: never writes; before the first apply there is no lineage and nothing is owned. */
    public static Owner forPlanning(StateDir dir, HostSpec host) throws IOException {
        var lineage = Lineage.read(dir);
        return new Owner(lineage.map(Lineage::id).orElse(null), host.name(), lineage.map(Lineage::adopted).orElse(Set.of()),
                lineage.isEmpty() && Lineage.legacy(dir));
    }

    /**
     * For creating: makes the lineage when there is none. A state dir from before lineages adopts,
     * once, the objects that carry its {@code host.name} as their old owner label and no lineage.
     */
    public static Owner forCreating(StateDir dir, HostSpec host, LabelledObjects engine) throws IOException {
        var lineage = Lineage.ensure(dir, () -> legacyObjects(engine, host.name()));
        return new Owner(lineage.id(), host.name(), lineage.adopted(), false);
    }

    private static Set<String> legacyObjects(LabelledObjects engine, String name) {
        var ids = new HashSet<String>();
        engine.labelsById().forEach((id, labels) -> addIfLegacy(ids, labels, id, name));
        return ids;
    }

    private static void addIfLegacy(Set<String> ids, Map<String, String> labels, String id, String name) {
        if ("true".equals(labels.get(Ownership.MANAGED)) && labels.get(Ownership.LINEAGE) == null && name.equals(labels.get(Ownership.OWNER))) {
            ids.add(id);
        }
    }
}
