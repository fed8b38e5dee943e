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

    /**
     * The objects {@code owned} accepts whose address label names {@code kind}, grouped by name in
     * the order they are listed. An object without the label, or labelled for another kind, is
     * never counted as this kind's.
     */
    public static <T> Map<String, java.util.List<T>> ownedByName(Iterable<T> live, String kind, java.util.function.Predicate<T> owned,
                                                                 java.util.function.Function<T, Map<String, String>> labels) {
        var out = new java.util.LinkedHashMap<String, java.util.List<T>>();
        for (T object : live) {
            String address = labels.apply(object).get(ADDRESS);
            if (address == null || !address.startsWith(kind + "/") || !owned.test(object)) continue;
            out.computeIfAbsent(Address.parse(address).name(), k -> new java.util.ArrayList<>()).add(object);
        }
        return out;
    }

    /** One object this owner made and the config no longer declares, with the address its label gives it. */
    public record Undeclared<T>(Address address, T object) {}

    /** What this owner made for {@code kind} and the config no longer declares, in listing order: each kind's deletes. */
    public static <T> java.util.List<Undeclared<T>> undeclared(Iterable<T> live, String kind, java.util.Set<String> declared,
                                                               java.util.function.Predicate<T> owned, java.util.function.Function<T, Map<String, String>> labels) {
        var out = new java.util.ArrayList<Undeclared<T>>();
        for (T object : live) {
            String address = labels.apply(object).get(ADDRESS);
            if (address == null || !address.startsWith(kind + "/") || !owned.test(object)) continue;
            Address parsed = Address.parse(address);
            if (!declared.contains(parsed.name())) out.add(new Undeclared<>(parsed, object));
        }
        return out;
    }
}
