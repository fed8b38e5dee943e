package dev.factory.state;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The state dir's identity ({@code STATE/lineage.json}): a random id made once, with the state
 * dir, and the ids of Docker objects imported into it. Everything factory creates carries the id;
 * only what carries it (or was imported) is factory's to change or delete.
 */
public record Lineage(String id, Instant createdAt, Set<String> adopted) {

    public Lineage {
        adopted = Set.copyOf(adopted);
    }

    static Path file(StateDir dir) {
        return dir.root().resolve("lineage.json");
    }

    public static Optional<Lineage> read(StateDir dir) throws IOException {
        Path f = file(dir);
        if (!Files.isRegularFile(f)) return Optional.empty();
        JsonNode n;
        try {
            n = Inventory.json().readTree(f.toFile());
        } catch (IOException e) {
            throw new IOException("lineage " + f + " is unreadable (" + e.getMessage() + "); restore it from a backup: without it, factory"
                    + " treats every object it made as another's and changes nothing", e);
        }
        var adopted = new TreeSet<String>();
        n.path("adopted").forEach(x -> adopted.add(x.asText()));
        return Optional.of(new Lineage(n.path("id").asText(), dev.factory.runtime.Instants.parse(n.path("createdAt").asText(Instant.EPOCH.toString())), adopted));
    }

    /**
     * A state dir written before lineages existed: it has an inventory or a journal but no
     * lineage. Its objects carry only the old {@code dev.factory.owner} label.
     */
    public static boolean legacy(StateDir dir) {
        return !Files.exists(file(dir)) && (Files.exists(dir.inventoryFile()) || Files.exists(dir.journalFile()));
    }

    /**
     * The lineage, made now if there is none: created new (two racing processes agree on the
     * first one written). A legacy state dir adopts {@code legacyAdoptions}, once.
     */
    public static Lineage ensure(StateDir dir, java.util.function.Supplier<Set<String>> legacyAdoptions) throws IOException {
        var existing = read(dir);
        if (existing.isPresent()) return existing.get();
        Set<String> adopted = legacy(dir) ? legacyAdoptions.get() : Set.of();
        var made = new Lineage(UUID.randomUUID().toString(), Instant.now(), adopted);
        Files.createDirectories(dir.root());
        Path tmp = dir.root().resolve(".lineage.json.tmp-" + UUID.randomUUID());
        Files.write(tmp, made.json(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            Files.createLink(file(dir), tmp);   // link(2) fails if the name exists: the first writer wins
        } catch (FileAlreadyExistsException e) {
            return read(dir).orElseThrow();
        } finally {
            Files.deleteIfExists(tmp);
        }
        return made;
    }

    /** This lineage with more objects imported; written whole, under the state lock. */
    public Lineage adopt(StateDir dir, Set<String> ids) throws IOException {
        var all = new TreeSet<>(adopted);
        all.addAll(ids);
        var next = new Lineage(id, createdAt, all);
        AtomicFiles.write(file(dir), next.json());
        return next;
    }

    private byte[] json() {
        var n = Inventory.json().createObjectNode().put("formatVersion", 1).put("id", id).put("createdAt", createdAt.toString());
        var list = n.putArray("adopted");
        new TreeSet<>(adopted).forEach(list::add);
        try {
            return Inventory.json().writeValueAsString(n).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
