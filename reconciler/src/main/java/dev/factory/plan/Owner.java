package dev.factory.plan;

import java.util.Map;
import java.util.Set;

/**
 * Who factory is on this engine: the lineage of its state dir (a random id made with the state
 * dir, as Terraform keys state by lineage), plus the objects imported into it. An object is
 * owned when it says {@code dev.factory.managed=true} and carries this lineage, or when its id
 * was imported ({@code factory import}). Two configs on one engine, with the same or no
 * {@code host.name}, never own each other's objects; a fresh or lost state dir owns nothing it
 * did not create.
 *
 * @param lineage null before the first apply made the state dir: then nothing is owned
 * @param name {@code host.name}, stamped on objects for people (and runner names), never trusted
 * @param adopted ids of objects imported into this lineage
 * @param legacy a state dir written before lineages: its old {@code dev.factory.owner=name}
 *     objects count as owned until the next apply adopts them (once)
 */
public record Owner(String lineage, String name, Set<String> adopted, boolean legacy) {

    public Owner {
        adopted = Set.copyOf(adopted);
    }

    /** A lineage with nothing imported; for tests and one-off tools. */
    public static Owner of(String lineage) {
        return new Owner(lineage, lineage, Set.of(), false);
    }

    /** The labels factory puts on what it creates. */
    public Map<String, String> labels(Address address, String hash) {
        if (lineage == null) throw new IllegalStateException("no lineage yet: apply creates the state dir before it creates objects");
        return Map.of(Ownership.MANAGED, "true", Ownership.LINEAGE, lineage, Ownership.OWNER, name, Ownership.ADDRESS, address.toString(),
                Ownership.HASH, hash);
    }

    public boolean owns(Map<String, String> labels, String id) {
        if (labels == null || !"true".equals(labels.get(Ownership.MANAGED))) return false;
        String theirs = labels.get(Ownership.LINEAGE);
        if (lineage != null && lineage.equals(theirs)) return true;
        if (id != null && adopted.contains(id)) return true;
        return legacy && theirs == null && name.equals(labels.get(Ownership.OWNER));
    }

    /** Managed by some factory, but not this one: another lineage's, or one whose state dir was lost. */
    public boolean isForeign(Map<String, String> labels, String id) {
        return labels != null && "true".equals(labels.get(Ownership.MANAGED)) && !owns(labels, id);
    }
}
