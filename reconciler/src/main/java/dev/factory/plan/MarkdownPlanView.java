package dev.factory.plan;

import dev.factory.runtime.Printable;
import dev.factory.config.Diagnostic;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The plan as GitHub-flavoured Markdown for a pull request comment: summary counts first, then
 * one collapsible section per kind listing its changes with their causes (no-ops are counted,
 * not listed), cut row by row with a note to stay under GitHub's comment limit.
 */
public final class MarkdownPlanView {
    /** GitHub rejects comments over 65,536 characters; keep room for the marker and header the poster adds. */
    public static final int LIMIT = 60_000;
    public static final String MARKER = "<!-- factory-plan -->";

    private final int limit;
    private final java.util.Set<String> countedKinds;
    private final boolean hostDetail;

    public MarkdownPlanView() {
        this(LIMIT);
    }

    MarkdownPlanView(int limit) {
        this(limit, java.util.Set.of(), true);
    }

    private MarkdownPlanView(int limit, java.util.Set<String> countedKinds, boolean hostDetail) {
        this.limit = limit;
        this.countedKinds = countedKinds;
        this.hostDetail = hostDetail;
    }

    /**
     * For a pull request's comment, where the reader is whoever opened it: what the host holds is
     * not theirs to list. Changes of {@code countedKinds} (what prune rules sweep: files,
     * worktrees) are counted with their bytes, not named; notes (paths, disk use) and foreign
     * objects are left out. Errors and warnings about the config stay.
     */
    public static MarkdownPlanView forPullRequest(java.util.Set<String> countedKinds) {
        return new MarkdownPlanView(LIMIT, java.util.Set.copyOf(countedKinds), false);
    }

    public String render(Plan plan) {
        var out = new StringBuilder(MARKER).append("\n### factory plan\n\n");
        header(plan, out);
        var byKind = new TreeMap<String, List<Change>>();
        plan.changes().forEach(c -> byKind.computeIfAbsent(c.address().kind(), k -> new ArrayList<>()).add(c));
        int omitted = 0;
        for (var entry : byKind.entrySet()) omitted = kind(entry.getKey(), entry.getValue(), omitted, out);
        if (hostDetail && !plan.foreign().isEmpty() && out.length() < limit) {
            out.append("<details><summary><b>foreign</b>: ").append(plan.foreign().size())
                    .append(" made by another factory lineage, left alone</summary>\n\n");
            for (Foreign f : plan.foreign()) {
                if (out.length() > limit) break;
                out.append("- ").append(escape(Printable.code(f.describe()))).append('\n');
            }
            out.append("\n</details>\n\n");
        }
        if (omitted > 0) {
            out.append("_").append(omitted).append(" more change").append(omitted == 1 ? "" : "s")
                    .append(" not shown, to stay under GitHub's 65,536-character comment limit; run `factory plan` for the whole plan._\n");
        }
        return out.toString();
    }

    /** The config and its revision, the summary table, and the findings. */
    private void header(Plan plan, StringBuilder out) {
        out.append("Config ").append(Printable.code(plan.configDir()));
        if (plan.configRevision() != null) {
            out.append(" at `").append(plan.configRevision(), 0, Math.min(12, plan.configRevision().length())).append('`');
            if (plan.configSubject() != null) out.append(" (").append(escape(plan.configSubject())).append(')');
        }
        out.append("\n\n");
        Map<Action, Integer> s = plan.summary();
        out.append("| create | update | replace | delete | unchanged | unknown |\n|---:|---:|---:|---:|---:|---:|\n");
        out.append("| ").append(s.get(Action.CREATE)).append(" | ").append(s.get(Action.UPDATE)).append(" | ")
                .append(s.get(Action.REPLACE)).append(" | ").append(s.get(Action.DELETE)).append(" | ")
                .append(s.get(Action.NO_OP)).append(" | ").append(s.get(Action.UNKNOWN)).append(" |\n\n");
        if (!plan.hasPendingChanges()) out.append("**No changes.** The host matches the config.\n\n");
        for (Diagnostic d : plan.diagnostics()) {
            if (!hostDetail && d.severity() == Diagnostic.Severity.NOTE) continue;
            out.append("> **").append(d.severity().name().toLowerCase(java.util.Locale.ROOT)).append("**: ");
            if (d.location() != null) out.append(Printable.code(d.location().toString())).append(' ');
            out.append(escape(d.summary())).append("\n\n");
        }
    }

    /** One kind's section; returns how many changes are omitted so far (once one is, every later one is). */
    private int kind(String kind, List<Change> changes, int omitted, StringBuilder out) {
        List<Change> shown = changes.stream().filter(c -> c.action() != Action.NO_OP).toList();
        String counts = counts(changes);
        if (countedKinds.contains(kind)) {
            long bytes = shown.stream().mapToLong(MarkdownPlanView::frees).sum();
            out.append("**").append(kind).append("**: ").append(counts)
                    .append(bytes > 0 ? ", freeing " + dev.factory.config.ByteSize.human(bytes) : "").append(" (not listed on a pull request)\n\n");
            return omitted;
        }
        if (shown.isEmpty()) {
            out.append("**").append(kind).append("**: ").append(counts).append("\n\n");
            return omitted;
        }
        if (omitted > 0) return omitted + shown.size();
        out.append("<details><summary><b>").append(kind).append("</b>: ").append(counts)
                .append("</summary>\n\n| | address | action | cause |\n|---|---|---|---|\n");
        for (Change c : shown) {
            String row = "| `" + c.action().symbol() + "` | " + escape(Printable.code(c.address().toString())) + " | " + c.action().word() + " | "
                    + (c.reason() == null ? "" : escape(c.reason())) + " |\n";
            if (omitted > 0 || out.length() + row.length() > limit) {
                omitted++;
            } else {
                out.append(row);
            }
        }
        for (Change c : shown) {
            if (omitted > 0 || c.after() == null || !(c.after().get("diff") instanceof String diff) || diff.isEmpty()) continue;
            String block = "\n" + Printable.code(c.address().toString()) + ":\n\n```diff\n" + Printable.escapeLines(diff).replace("```", "` ` `") + "\n```\n";
            if (out.length() + block.length() <= limit) out.append(block);
        }
        out.append("\n</details>\n\n");
        return omitted;
    }

    private static String counts(List<Change> changes) {
        var byAction = new TreeMap<Action, Integer>();
        changes.forEach(c -> byAction.merge(c.action(), 1, Integer::sum));
        var parts = new ArrayList<String>();
        byAction.forEach((a, n) -> parts.add(n + " " + (a == Action.NO_OP ? "unchanged" : a.word())));
        return String.join(", ", parts);
    }

    private static String escape(String text) {
        return Printable.escape(text).replace("|", "\\|").replace("<", "&lt;");
    }

    private static long frees(Change c) {
        if (c.after() == null) return 0;
        Long frees = Payload.read(c.after(), Sweep.class).frees();
        return frees == null ? 0 : frees;
    }
}
