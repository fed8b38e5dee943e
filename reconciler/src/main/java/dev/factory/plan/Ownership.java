package dev.factory.plan;

import java.util.Map;

/** The labels that mark a Docker object as factory's; {@link Owner} decides whose. */
public final class Ownership {
    public static final String MANAGED = "dev.factory.managed";
    /** The state dir's lineage: what ownership is decided by. */
    public static final String LINEAGE = "dev.factory.lineage";
    /** {@code host.name}, for people; before lineages, what ownership was decided by. */
    public static final String OWNER = "dev.factory.owner";
    public static final String ADDRESS = "dev.factory.address";
    public static final String HASH = "dev.factory.hash";
    public static final String PARENT = "dev.factory.parent";

    private Ownership() {}

    public static boolean ownedBy(Map<String, String> labels, Owner owner, String id) {
        return owner.owns(labels, id);
    }

    public static Map<String, String> labels(Owner owner, Address address, String hash) {
        return owner.labels(address, hash);
    }
}
