package dev.factory.plan;

import dev.factory.runtime.Printable;
import dev.factory.config.Diagnostic;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The plan for a terminal: diagnostics, changes grouped by kind with {@code + ~ -/+ - ?}, a summary line. */
public final class TextPlanView {
    private final boolean color;

    public TextPlanView(boolean color) {
        this.color = color;
    }

    public String render(Plan plan, String stateDir) {
        var sb = new StringBuilder();
        sb.append("factory plan: config ").append(Printable.escape(plan.configDir()));
        if (plan.configRevision() != null) {
            sb.append(" @ ").append(plan.configRevision(), 0, 12);
            if (plan.configSubject() != null) sb.append(" \"").append(Printable.escape(plan.configSubject())).append('"');
        }
        if (stateDir != null) sb.append("\nstate: ").append(Printable.escape(stateDir));
        sb.append("\n\n");
        for (Diagnostic d : plan.diagnostics()) {
            sb.append(paint(d.isError() ? RED : d.severity() == Diagnostic.Severity.WARNING ? YELLOW : GREY, d.format())).append('\n');
        }
        if (!plan.diagnostics().isEmpty()) sb.append('\n');

        var byKind = new TreeMap<String, List<Change>>();
        for (Change c : plan.changes()) {
            if (c.action() != Action.NO_OP) byKind.computeIfAbsent(c.address().kind(), k -> new java.util.ArrayList<>()).add(c);
        }
        int width = plan.changes().stream().mapToInt(c -> Printable.escape(c.address().toString()).length()).max().orElse(0);
        byKind.forEach((kind, changes) -> {
            sb.append(kind).append('\n');
            for (Change c : changes) {
                String symbol = String.format("%3s", c.action().symbol());
                sb.append("  ").append(paint(colorOf(c.action()), symbol)).append(' ')
                        .append(String.format("%-" + width + "s", Printable.escape(c.address().toString()))).append("  ")
                        .append(paint(colorOf(c.action()), String.format("%-7s", c.action().word())));
                if (c.reason() != null) sb.append("  ").append(Printable.escape(c.reason()));
                sb.append('\n');
                if (c.after() != null && c.after().get("diff") instanceof String diff && !diff.isEmpty()) {
                    for (String line : diff.split("\n")) {
                        String code = line.startsWith("+") && !line.startsWith("+++") ? GREEN : line.startsWith("-") && !line.startsWith("---") ? RED : GREY;
                        sb.append("        ").append(paint(code, Printable.escape(line))).append('\n');
                    }
                }
            }
            sb.append('\n');
        });
        if (!plan.foreign().isEmpty()) {
            sb.append("foreign: made by another factory lineage (another config's state dir, or a lost one); left alone,\n")
                    .append("adopt one this config declares with: factory import ADDRESS\n");
            for (Foreign f : plan.foreign()) sb.append("    ").append(paint(GREY, Printable.escape(f.describe()))).append('\n');
            sb.append('\n');
        }
        sb.append(summaryLine(plan)).append('\n');
        return sb.toString();
    }

    public static String summaryLine(Plan plan) {
        Map<Action, Integer> s = plan.summary();
        if (!plan.hasPendingChanges()) {
            return "No changes: " + s.get(Action.NO_OP) + " objects up to date.";
        }
        var line = new StringBuilder("Plan: ")
                .append(s.get(Action.CREATE)).append(" to create, ")
                .append(s.get(Action.UPDATE)).append(" to update, ")
                .append(s.get(Action.REPLACE)).append(" to replace, ")
                .append(s.get(Action.DELETE)).append(" to delete, ")
                .append(s.get(Action.NO_OP)).append(" unchanged");
        if (s.get(Action.UNKNOWN) > 0) line.append(", ").append(s.get(Action.UNKNOWN)).append(" unknown");
        return line.append('.').toString();
    }

    private static final String RED = "31", GREEN = "32", YELLOW = "33", MAGENTA = "35", GREY = "90";

    private static String colorOf(Action a) {
        return switch (a) {
            case CREATE -> GREEN;
            case UPDATE -> YELLOW;
            case REPLACE -> MAGENTA;
            case DELETE -> RED;
            case NO_OP, UNKNOWN -> GREY;
        };
    }

    private String paint(String code, String text) {
        return color ? "\u001b[" + code + "m" + text + "\u001b[0m" : text;
    }
}
