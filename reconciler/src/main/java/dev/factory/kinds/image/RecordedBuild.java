package dev.factory.kinds.image;

/** What the inventory remembers of the last build of an image, to explain the next rebuild. */
@dev.factory.engine.KindApi
public record RecordedBuild(String id, String hash, String base, BuildInputs inputs, java.util.List<String> previous) {

    public RecordedBuild {
        previous = previous == null ? java.util.List.of() : java.util.List.copyOf(previous);
    }

    /**
     * What {@code Inventory.json().valueToTree(build)} wrote, read back by hand: Jackson's record
     * deserializers cost a cold plan ~30 ms to build and run at 100 images, for five fields.
     * A node of another shape throws {@link IllegalArgumentException} (the entry then only loses
     * the detailed causes of a rebuild, as an older format's did).
     */
    public static RecordedBuild fromJson(com.fasterxml.jackson.databind.JsonNode n) {
        if (!n.isObject()) throw new IllegalArgumentException("a recorded build is an object");
        var inputs = n.get("inputs");
        return new RecordedBuild(text(n, "id"), text(n, "hash"), text(n, "base"), inputs == null || inputs.isNull() ? null : inputs(inputs),
                list(n.get("previous")));
    }

    private static BuildInputs inputs(com.fasterxml.jackson.databind.JsonNode n) {
        if (!n.isObject()) throw new IllegalArgumentException("recorded inputs are an object");
        return new BuildInputs(text(n, "dockerfilePath"), text(n, "dockerfileDigest"), map(n.get("files")), map(n.get("args")),
                map(n.get("labels")), map(n.get("build")));
    }

    private static String text(com.fasterxml.jackson.databind.JsonNode n, String field) {
        var v = n.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isValueNode()) throw new IllegalArgumentException(field + " is not a value");
        return v.asText();
    }

    private static java.util.Map<String, String> map(com.fasterxml.jackson.databind.JsonNode n) {
        if (n == null || n.isNull()) return null;
        if (!n.isObject()) throw new IllegalArgumentException("not an object of strings");
        var out = new java.util.TreeMap<String, String>();
        for (var it = n.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getValue().isValueNode() || e.getValue().isNull()) throw new IllegalArgumentException(e.getKey() + " is not a string");
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    private static java.util.List<String> list(com.fasterxml.jackson.databind.JsonNode n) {
        if (n == null || n.isNull()) return null;
        if (!n.isArray()) throw new IllegalArgumentException("previous is not a list");
        var out = new java.util.ArrayList<String>(n.size());
        for (var v : n) {
            if (!v.isValueNode() || v.isNull()) throw new IllegalArgumentException("previous holds something not a string");
            out.add(v.asText());
        }
        return out;
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
