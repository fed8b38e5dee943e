package dev.factory.plan;

import java.util.Map;

/** The labels that mark a Docker object as factory's, and the test for them. */
public final class Ownership {
    public static final String MANAGED = "dev.factory.managed";
    public static final String OWNER = "dev.factory.owner";
    public static final String ADDRESS = "dev.factory.address";
    public static final String HASH = "dev.factory.hash";
    public static final String PARENT = "dev.factory.parent";

    private Ownership() {}

    /** Ours only when managed AND stamped with this host's owner name: another factory's objects are foreign. */
    public static boolean ownedBy(Map<String, String> labels, String owner) {
        return labels != null && "true".equals(labels.get(MANAGED)) && owner.equals(labels.get(OWNER));
    }

    public static Map<String, String> labels(String owner, Address address, String hash) {
        return Map.of(MANAGED, "true", OWNER, owner, ADDRESS, address.toString(), HASH, hash);
    }
}
