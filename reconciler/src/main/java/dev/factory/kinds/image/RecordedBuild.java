package dev.factory.kinds.image;

/** What the inventory remembers of the last build of an image, to explain the next rebuild. */
@dev.factory.engine.KindApi
public record RecordedBuild(String id, String hash, String base, BuildInputs inputs, java.util.List<String> previous) {

    public RecordedBuild {
        previous = previous == null ? java.util.List.of() : java.util.List.copyOf(previous);
    }

    /** Every image id factory built for this address that it still remembers. */
    public java.util.Set<String> allIds() {
        var ids = new java.util.HashSet<>(previous);
        ids.add(id);
        return ids;
    }

    /** The ids of all builds recorded in an inventory, for ownership checks. */
    public static java.util.Set<String> builtIds(dev.factory.state.Inventory inventory) {
        var ids = new java.util.HashSet<String>();
        inventory.all().values().forEach(e -> {
            if (!"image".equals(e.kind()) || e.data() == null) return;
            if (e.id() != null) ids.add(e.id());
            e.data().path("previous").forEach(p -> ids.add(p.asText()));
        });
        return ids;
    }
}
