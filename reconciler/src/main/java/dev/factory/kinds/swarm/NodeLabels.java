package dev.factory.kinds.swarm;

import dev.factory.kinds.container.ClusterSpec;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The labels factory keeps on a node: those declared, and only those. The keys it set are listed
 * in {@link ClusterSpec#OWNED_LABELS} on the node, so a label dropped from the config is removed
 * and a label someone else set (node.labels.zone by hand) is never touched.
 */
public final class NodeLabels {
    private NodeLabels() {}

    /** What to change: labels to set (new or different values), owned labels to remove, and whether the owned list itself moves. */
    public record Edit(Map<String, String> set, List<String> remove, boolean ownedListChanges) {
        public boolean isEmpty() {
            return set.isEmpty() && remove.isEmpty() && !ownedListChanges;
        }

        public String describe() {
            var parts = new java.util.ArrayList<String>();
            set.forEach((k, v) -> parts.add("+" + k + "=" + v));
            remove.forEach(k -> parts.add("-" + k));
            return parts.isEmpty() ? "factory's list of its own labels" : String.join(", ", parts);
        }
    }

    /** The keys factory set on the node, as its marker label lists them. */
    static TreeSet<String> ownedKeys(Map<String, String> current) {
        String list = current.get(ClusterSpec.OWNED_LABELS);
        var out = new TreeSet<String>();
        if (list != null && !list.isBlank()) out.addAll(Arrays.asList(list.split(",")));
        return out;
    }

    /** The labels factory set, with their current values. */
    public static Map<String, String> owned(Map<String, String> current) {
        var out = new TreeMap<String, String>();
        for (String key : ownedKeys(current)) if (current.containsKey(key)) out.put(key, current.get(key));
        return out;
    }

    public static Edit edit(Map<String, String> current, Map<String, String> wanted) {
        var set = new TreeMap<String, String>();
        wanted.forEach((k, v) -> {
            if (!v.equals(current.get(k))) set.put(k, v);
        });
        var owned = ownedKeys(current);
        var remove = owned.stream().filter(k -> !wanted.containsKey(k) && current.containsKey(k)).toList();
        return new Edit(set, remove, !owned.equals(new TreeSet<>(wanted.keySet())));
    }

    /** The node's labels after the edit: others' labels as they were, ours as declared, and the marker listing ours. */
    public static Map<String, String> apply(Map<String, String> current, Map<String, String> wanted) {
        var out = new TreeMap<>(current);
        ownedKeys(current).forEach(k -> {
            if (!wanted.containsKey(k)) out.remove(k);
        });
        out.putAll(wanted);
        if (wanted.isEmpty()) out.remove(ClusterSpec.OWNED_LABELS);
        else out.put(ClusterSpec.OWNED_LABELS, String.join(",", new TreeSet<>(wanted.keySet())));
        return out;
    }
}
