package dev.factory.plan;

import java.util.Map;
import java.util.TreeSet;

/**
 * The change graph in Graphviz DOT ({@code factory graph | dot -Tsvg}): one node per object,
 * coloured by its action, an edge from each change to what it depends on (apply runs the
 * dependency first). With {@code changesOnly}, no-op objects are left out, edges through them too.
 */
public final class PlanGraph {
    private static final Map<Action, String> COLOURS = Map.of(
            Action.CREATE, "#2e7d32", Action.UPDATE, "#b26a00", Action.REPLACE, "#6a1b9a",
            Action.DELETE, "#c62828", Action.NO_OP, "#9e9e9e", Action.UNKNOWN, "#1565c0");

    private PlanGraph() {}

    public static String dot(Plan plan, boolean changesOnly) {
        var out = new StringBuilder("digraph factory {\n  rankdir=LR;\n  node [shape=box, fontname=\"monospace\", fontsize=10];\n");
        var shown = new TreeSet<Address>();
        for (Change c : plan.changes()) {
            if (changesOnly && c.action() == Action.NO_OP) continue;
            shown.add(c.address());
            out.append("  ").append(id(c.address())).append(" [label=").append(id(c.action().symbol().strip().isEmpty()
                    ? c.address().toString() : c.action().symbol() + " " + c.address())).append(", color=\"")
                    .append(COLOURS.get(c.action())).append("\"];\n");
        }
        for (Change c : plan.changes()) {
            if (!shown.contains(c.address())) continue;
            for (Address dep : c.dependsOn()) {
                if (shown.contains(dep)) out.append("  ").append(id(c.address())).append(" -> ").append(id(dep)).append(";\n");
            }
        }
        return out.append("}\n").toString();
    }

    /** A DOT quoted id: backslash and quote escaped, nothing else is special inside quotes. */
    static String id(Object text) {
        return "\"" + text.toString().replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
