package dev.factory.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What factory created and still owns, by address, with what it knew when it made it. Written
 * whole to a temp file and renamed over the old one, so a crash never leaves half a file.
 */
public final class Inventory {
    /**
     * Field names not interned: the inventory's keys are its addresses, and interning a thousand of
     * them on every parse was a tenth of a daemon's allocations at 1,000 objects. They are still
     * canonicalized (Jackson's symbol table, which a reparse of the same inventory reuses): without
     * that, Jackson reads bytes through an {@code InputStreamReader} and a char-based parser, which
     * cost a cold plan ~0.1 s of its 1.4 MB inventory at 1,000 objects. A table that overflows
     * (names crafted to collide) is dropped rather than failing the read.
     */
    private static final ObjectMapper JSON = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
            .disable(com.fasterxml.jackson.core.JsonFactory.Feature.INTERN_FIELD_NAMES)
            .disable(com.fasterxml.jackson.core.JsonFactory.Feature.FAIL_ON_SYMBOL_HASH_OVERFLOW).build())
            .enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * One owned object: its kind, its id where it lives (a container id, a path, a slot), the hash
     * of what was applied (where a kind compares contents), when, and named fields a kind keeps
     * ({@link #fields}).
     */
    public record Entry(String kind, String id, String hash, Instant updatedAt, JsonNode data) {
        /**
         * A named field from {@code data}. Entries written before fields had names kept this one
         * value in {@code hash}; it is read from there for them.
         */
        public String named(String field) {
            if (data != null && data.hasNonNull(field)) return data.get(field).asText();
            return hash;
        }
    }

    /** Named fields for {@link Entry#data}: {@code fields("scope", "org/repo")}. */
    public static ObjectNode fields(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) throw new IllegalArgumentException("fields come in name, value pairs");
        ObjectNode out = JSON.createObjectNode();
        for (int i = 0; i < namesAndValues.length; i += 2) out.put(namesAndValues[i], namesAndValues[i + 1]);
        return out;
    }

    private final Path file;
    private final TreeMap<String, Entry> entries;
    /** What {@link #all} answers until the next write: the kinds of a plan each ask for all of it. */
    private java.util.SortedMap<String, Entry> snapshot;

    private Inventory(Path file, TreeMap<String, Entry> entries, java.util.SortedMap<String, Entry> snapshot) {
        this.file = file;
        this.entries = entries;
        this.snapshot = snapshot;
    }

    /** Reads the inventory; a missing file is an empty inventory. */
    public static Inventory load(StateDir dir) throws IOException {
        return load(dir, null);
    }

    /**
     * As above, reusing the entries {@code kept} parsed from the same bytes, as its checksums tell
     * (a process that plans again and again: the daemon's plan server, bench-plan). The file is
     * read every time; only the parse is saved. Each inventory has a map of its own: entries are immutable.
     */
    public static Inventory load(StateDir dir, Kept kept) throws IOException {
        Path file = dir.inventoryFile();
        if (!Files.exists(file)) return new Inventory(file, new TreeMap<>(), null);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
        java.util.SortedMap<String, Entry> same = kept == null ? null : kept.get(file, bytes);
        if (same != null) return new Inventory(file, new TreeMap<>(same), same);   // a sorted copy: linear, no comparisons
        var entries = new TreeMap<String, Entry>();
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
        root.path("objects").fields().forEachRemaining(e -> entries.put(e.getKey(), entry(e.getValue())));
        if (kept != null) kept.put(file, bytes, entries);
        return new Inventory(file, entries, null);
    }

    private static IOException unreadable(Path file, IOException e) {
        return new IOException("inventory " + file + " is unreadable (" + e.getMessage()
                + "); move it aside and run apply again: owned Docker objects are found by their labels", e);
    }

    /**
     * The last inventory file parsed, with checksums of its bytes (see {@link #load(StateDir, Kept)}):
     * the inventory is in factory's own state dir, which no agent writes.
     */
    public static final class Kept {
        private Path file;
        private dev.factory.runtime.SameBytes sums;
        private java.util.SortedMap<String, Entry> entries;
        private long parses;

        synchronized java.util.SortedMap<String, Entry> get(Path file, byte[] bytes) {
            return file.equals(this.file) && sums.matches(bytes) ? entries : null;
        }

        synchronized void put(Path file, byte[] bytes, java.util.SortedMap<String, Entry> entries) {
            parses++;
            this.file = file;
            this.sums = dev.factory.runtime.SameBytes.of(bytes);
            this.entries = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(entries));
        }

        /** How many times a file was parsed rather than reused (tests). */
        public synchronized long parses() {
            return parses;
        }
    }

    private static Entry entry(JsonNode n) {
        Instant at = n.hasNonNull("updatedAt") ? dev.factory.runtime.Instants.parse(n.get("updatedAt").asText()) : null;
        return new Entry(n.path("kind").asText(), n.path("id").asText(null), n.path("hash").asText(null), at, n.get("data"));
    }

    public synchronized Optional<Entry> get(String address) {
        return Optional.ofNullable(entries.get(address));
    }

    /** Every entry, by address; unmodifiable, and not changed by later writes. */
    public synchronized Map<String, Entry> all() {
        if (snapshot == null) snapshot = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(entries));
        return snapshot;
    }

    public synchronized void put(String address, Entry entry) throws IOException {
        entries.put(address, entry);
        snapshot = null;
        save();
    }

    public synchronized void remove(String address) throws IOException {
        if (entries.remove(address) != null) {
            snapshot = null;
            save();
        }
    }

    private void save() throws IOException {
        ObjectNode root = JSON.createObjectNode().put("formatVersion", 1);
        ObjectNode objects = root.putObject("objects");
        entries.forEach((address, e) -> {
            ObjectNode n = objects.putObject(address).put("kind", e.kind()).put("id", e.id()).put("hash", e.hash());
            if (e.updatedAt() != null) n.put("updatedAt", e.updatedAt().toString());
            if (e.data() != null) n.set("data", e.data());
        });
        AtomicFiles.write(file, JSON.writeValueAsBytes(root));
    }

    public static ObjectMapper json() {
        return JSON;
    }
}
