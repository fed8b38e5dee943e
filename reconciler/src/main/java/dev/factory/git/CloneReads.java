package dev.factory.git;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.factory.state.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What {@link WarmClones} read of one clone, kept on disk so the next process's plan (a cold
 * {@code factory plan}) reuses it while the clone's {@link CloneStamp} is the same, as the daemon
 * reuses it in memory: one small JSON file per clone under {@code STATE/cache/clones/}, named by a
 * digest of the clone's path, which it also holds. It holds the stamp's digest (none when the read
 * was not kept: its inputs still serve the next walk), the read itself, and the ahead and behind
 * counts between two commits.
 *
 * <p>A missing, unreadable, corrupt or foreign file (another version's, another clone's) is no
 * memory: the clone is read as if for the first time. Losing the directory costs one read of each
 * clone, nothing else.
 */
final class CloneReads {
    static final String FORMAT = "factory-clone-read-v1";
    private static final String SUFFIX = ".json";
    /** Bigger is not a file factory wrote (a clone with a million ignored paths is read every time instead). */
    static final long MAX_BYTES = 4L << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One clone's memory; any part may be null. */
    record Saved(byte[] stamp, WarmClones.Local local, WarmClones.Counts counts) {}

    private CloneReads() {}

    static Path file(Path dir, Path clone) {
        return dir.resolve(dev.factory.state.CacheDirs.name(clone.toString(), SUFFIX));
    }

    /** Deletes the file of every clone but {@code clones} (absolute, normalized paths); returns the files deleted. */
    static List<String> retain(Path dir, java.util.Collection<Path> clones) {
        return dev.factory.state.CacheDirs.retainKeys(dir, SUFFIX, clones.stream().map(Path::toString).toList());
    }

    /** What was saved for {@code clone}; null when nothing was, or anything in it is not what this writes. */
    static Saved load(Path dir, Path clone) {
        Path file = file(dir, clone);
        try {
            var attrs = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attrs.isRegularFile() || attrs.size() > MAX_BYTES) return null;   // a FIFO is never opened
            byte[] bytes;
            try (var in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {   // a link swapped in since is not opened either
                bytes = in.readNBytes((int) MAX_BYTES + 1);
            }
            if (bytes.length > MAX_BYTES) return null;
            JsonNode root = JSON.readTree(bytes);
            if (!FORMAT.equals(text(root, "format")) || !clone.toString().equals(text(root, "clone"))) return null;
            String stamp = text(root, "stamp");
            return new Saved(stamp == null ? null : HexFormat.of().parseHex(stamp), local(root.get("read")), counts(root.get("counts")));
        } catch (IOException | RuntimeException e) {
            return null;   // absent, unreadable or not ours: read the clone
        }
    }

    /** Replaces {@code clone}'s file with {@code saved}; a failure to write costs only speed. */
    static void save(Path dir, Path clone, Saved saved) {
        ObjectNode root = JSON.createObjectNode().put("format", FORMAT).put("clone", clone.toString())
                .put("stamp", saved.stamp() == null ? null : HexFormat.of().formatHex(saved.stamp()));
        if (saved.local() != null) root.set("read", json(saved.local()));
        if (saved.counts() != null) {
            var c = saved.counts();
            root.putObject("counts").put("local", c.local()).put("remote", c.remote()).put("ahead", c.ahead()).put("behind", c.behind());
        }
        try {
            byte[] raw = JSON.writeValueAsBytes(root);
            if (!java.util.Arrays.equals(dev.factory.secrets.Masker.mask(raw), raw)) {
                // a secret value in it (a token in an origin URL) would be written masked, and read back wrong: not kept
                Files.deleteIfExists(file(dir, clone));
                return;
            }
            AtomicFiles.write(file(dir, clone), raw);
        } catch (IOException e) {
            // a read-only or full state dir: the next process reads the clone, nothing is wrong
        }
    }

    private static ObjectNode json(WarmClones.Local l) {
        ObjectNode n = JSON.createObjectNode().put("asked", l.asked()).put("origin", l.origin()).put("branch", l.branch())
                .put("head", l.head()).put("localId", l.localId()).put("cloneRemote", l.cloneRemote())
                .put("changed", l.changed()).put("untracked", l.untracked());
        strings(n.putArray("worktrees"), l.worktrees());
        strings(n.putArray("filterDrivers"), l.filterDrivers());
        strings(n.putArray("ignored"), new TreeSet<>(l.inputs().ignored()));
        n.put("excludesFile", l.inputs().excludesFile() == null ? null : l.inputs().excludesFile().toString());
        n.put("headRef", l.inputs().headRef());
        return n;
    }

    private static void strings(ArrayNode array, Iterable<String> values) {
        values.forEach(array::add);
    }

    private static WarmClones.Local local(JsonNode n) {
        if (n == null) return null;
        String asked = text(n, "asked");
        if (!n.isObject() || asked == null || !n.path("changed").isInt() || !n.path("untracked").isInt()) throw new IllegalArgumentException("not a read");
        String excludes = text(n, "excludesFile");
        var inputs = new CloneStamp.Inputs(Set.copyOf(strings(n.get("ignored"))), excludes == null ? null : Path.of(excludes), text(n, "headRef"));
        return new WarmClones.Local(asked, text(n, "origin"), text(n, "branch"), text(n, "head"), text(n, "localId"), text(n, "cloneRemote"),
                n.get("changed").intValue(), n.get("untracked").intValue(), strings(n.get("worktrees")), strings(n.get("filterDrivers")), inputs);
    }

    private static WarmClones.Counts counts(JsonNode n) {
        if (n == null) return null;
        String local = text(n, "local");
        String remote = text(n, "remote");
        if (!n.isObject() || local == null || remote == null || !n.path("ahead").isInt() || !n.path("behind").isInt()) {
            throw new IllegalArgumentException("not counts");
        }
        return new WarmClones.Counts(local, remote, n.get("ahead").intValue(), n.get("behind").intValue());
    }

    /** A string field; null when absent or JSON null. Anything else there is not a file this wrote. */
    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw new IllegalArgumentException(field + " is not a string");
        return v.textValue();
    }

    private static List<String> strings(JsonNode n) {
        if (n == null || !n.isArray()) throw new IllegalArgumentException("not a list");
        var out = new ArrayList<String>();
        for (JsonNode v : n) {
            if (!v.isTextual()) throw new IllegalArgumentException("not a string");
            out.add(v.textValue());
        }
        return List.copyOf(out);
    }
}
