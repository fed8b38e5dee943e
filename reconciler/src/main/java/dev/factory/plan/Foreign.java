package dev.factory.plan;

import java.util.Map;

/**
 * A Docker object another factory made: managed, but of another lineage (another config's
 * state dir, or a state dir that was lost). Shown in the plan, never changed or deleted;
 * {@code factory import ADDRESS} adopts it into this lineage.
 *
 * @param lineage its lineage label, or null for an object from before lineages
 * @param owner its {@code host.name} label, for people
 */
public record Foreign(Address address, String id, String lineage, String owner) {

    public static Foreign of(Address address, String id, Map<String, String> labels) {
        return new Foreign(address, id, labels.get(Ownership.LINEAGE), labels.get(Ownership.OWNER));
    }

    /** The objects among {@code live} whose address names {@code kind} and that another lineage made. */
    public static <T> java.util.List<Foreign> among(java.util.List<T> live, String kind, Owner owner,
                                                    java.util.function.Function<T, Map<String, String>> labels, java.util.function.Function<T, String> id) {
        var out = new java.util.ArrayList<Foreign>();
        for (T t : live) {
            Map<String, String> l = labels.apply(t);
            String address = l.get(Ownership.ADDRESS);
            if (address != null && address.startsWith(kind + "/") && owner.isForeign(l, id.apply(t))) out.add(of(Address.parse(address), id.apply(t), l));
        }
        return out;
    }

    public String describe() {
        return address + " (" + (id.length() > 19 ? id.replace("sha256:", "").substring(0, 12) : id) + ", "
                + (lineage == null ? "from before lineages" : "lineage " + lineage.substring(0, Math.min(8, lineage.length())))
                + (owner == null ? "" : ", host.name " + owner) + ")";
    }
}
