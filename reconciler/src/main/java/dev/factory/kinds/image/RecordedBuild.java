package dev.factory.kinds.image;

/**
 * What the inventory remembers of the last build of an image, to explain the next rebuild, and
 * the digests of its inputs under the hashing {@code scheme} of the factory that built it
 * ({@link BuildInputs#SCHEME}; both null in a record made before they were kept).
 */
@dev.factory.engine.KindApi
public record RecordedBuild(String id, String hash, String base, BuildInputs inputs, java.util.List<String> previous,
                            String inputsDigest, String scheme) {

    public RecordedBuild {
        previous = previous == null ? java.util.List.of() : java.util.List.copyOf(previous);
    }

    /** A record without its inputs' digest (one written before it was kept). */
    public RecordedBuild(String id, String hash, String base, BuildInputs inputs, java.util.List<String> previous) {
        this(id, hash, base, inputs, previous, null, null);
    }

    /**
     * The digests this build recorded, when they are those of {@code inputs} on {@code base}: the
     * same inputs, the same base and the same hashing scheme give the same digests (a pure function
     * of the three), so a plan need not hash a big context's ~1 MB file list again to learn them.
     * Null otherwise, and for a record that kept no inputs digest.
     */
    public BuildInputs.Digests digestsFor(BuildInputs inputs, String base) {
        if (hash == null || inputsDigest == null || base == null || inputs == null || !BuildInputs.SCHEME.equals(scheme)
                || !base.equals(this.base) || !inputs.sameAs(this.inputs)) {
            return null;
        }
        return new BuildInputs.Digests(inputsDigest, hash);
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
                list(n.get("previous")), text(n, "inputsDigest"), text(n, "scheme"));
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

    /**
     * An object of strings as a sorted map. The inventory writes a build's file list from a sorted
     * map, so it reads back in order: checked with one comparison per entry and built in one pass,
     * where putting 10,000 paths one by one cost ~14 comparisons each (long shared prefixes).
     */
    static java.util.SortedMap<String, String> map(com.fasterxml.jackson.databind.JsonNode n) {
        if (n == null || n.isNull()) return null;
        if (!n.isObject()) throw new IllegalArgumentException("not an object of strings");
        var entries = new java.util.ArrayList<java.util.Map.Entry<String, String>>(n.size());
        boolean ascending = true;
        String last = null;
        for (var it = n.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getValue().isValueNode() || e.getValue().isNull()) throw new IllegalArgumentException(e.getKey() + " is not a string");
            String key = e.getKey();
            if (ascending && last != null && last.compareTo(key) >= 0) ascending = false;
            entries.add(java.util.Map.entry(key, e.getValue().asText()));
            last = key;
        }
        if (ascending) return new java.util.TreeMap<>(new Ascending(entries));
        var out = new java.util.TreeMap<String, String>();
        entries.forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /**
     * Entries already in ascending order of their keys, shown as the sorted map a {@link java.util.TreeMap}
     * is built from in one pass (its constructor reads only {@code comparator}, {@code size} and the
     * entries); nothing else about it is a map to use.
     */
    private static final class Ascending extends java.util.AbstractMap<String, String> implements java.util.SortedMap<String, String> {
        private final java.util.List<Entry<String, String>> entries;

        Ascending(java.util.List<Entry<String, String>> entries) {
            this.entries = entries;
        }

        @Override
        public java.util.Set<Entry<String, String>> entrySet() {
            return new java.util.AbstractSet<>() {
                @Override
                public java.util.Iterator<Entry<String, String>> iterator() {
                    return java.util.Collections.unmodifiableList(entries).iterator();
                }

                @Override
                public int size() {
                    return entries.size();
                }
            };
        }

        @Override
        public java.util.Comparator<? super String> comparator() {
            return null;
        }

        @Override
        public java.util.SortedMap<String, String> subMap(String from, String to) {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.util.SortedMap<String, String> headMap(String to) {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.util.SortedMap<String, String> tailMap(String from) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String firstKey() {
            return entries.get(0).getKey();
        }

        @Override
        public String lastKey() {
            return entries.get(entries.size() - 1).getKey();
        }
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
