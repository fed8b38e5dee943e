package dev.factory.plan;

import dev.factory.config.Diagnostic;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The plan as GitHub-flavoured Markdown for a pull request comment, kept under GitHub's comment limit. */
public final class MarkdownPlanView {
    /** GitHub rejects comments over 65,536 characters; leave room for a header the poster adds. */
    public static final int LIMIT = 60_000;

    public String render(Plan plan) {
        var head = new StringBuilder("### factory plan\n\n");
        head.append("Config `").append(plan.configDir()).append('`');
        if (plan.configRevision() != null) {
            head.append(" at `").append(plan.configRevision(), 0, 12).append('`');
            if (plan.configSubject() != null) head.append(" (").append(escape(plan.configSubject())).append(')');
        }
        head.append("\n\n");
        Map<Action, Integer> s = plan.summary();
        head.append("| create | update | replace | delete | unchanged | unknown |\n|---:|---:|---:|---:|---:|---:|\n");
        head.append("| ").append(s.get(Action.CREATE)).append(" | ").append(s.get(Action.UPDATE)).append(" | ")
                .append(s.get(Action.REPLACE)).append(" | ").append(s.get(Action.DELETE)).append(" | ")
                .append(s.get(Action.NO_OP)).append(" | ").append(s.get(Action.UNKNOWN)).append(" |\n\n");
        for (Diagnostic d : plan.diagnostics()) {
            head.append("> **").append(d.isError() ? "error" : "warning").append("**: ");
            if (d.location() != null) head.append('`').append(d.location()).append("` ");
            head.append(escape(d.summary())).append("\n\n");
        }

        var sections = new ArrayList<String>();
        var byKind = new TreeMap<String, List<Change>>();
        plan.changes().forEach(c -> byKind.computeIfAbsent(c.address().kind(), k -> new ArrayList<>()).add(c));
        byKind.forEach((kind, changes) -> {
            var counts = new TreeMap<String, Integer>();
            changes.forEach(c -> counts.merge(c.action().word(), 1, Integer::sum));
            var sb = new StringBuilder("<details><summary><b>").append(kind).append("</b>: ");
            sb.append(String.join(", ", counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).toList()));
            sb.append("</summary>\n\n| | address | action | cause |\n|---|---|---|---|\n");
            for (Change c : changes) {
                sb.append("| `").append(c.action().symbol().strip().isEmpty() ? "=" : c.action().symbol()).append("` | `")
                        .append(c.address()).append("` | ").append(c.action().word()).append(" | ")
                        .append(c.reason() == null ? "" : escape(c.reason())).append(" |\n");
            }
            sections.add(sb.append("\n</details>\n\n").toString());
        });

        var out = new StringBuilder(head);
        int omitted = 0;
        for (String section : sections) {
            if (out.length() + section.length() > LIMIT) omitted++;
            else out.append(section);
        }
        if (omitted > 0) {
            out.append("_").append(omitted).append(" kind section(s) left out to stay under GitHub's comment limit; ")
                    .append("run `factory plan` for the whole plan._\n");
        }
        return out.toString();
    }

    private static String escape(String text) {
        return text.replace("|", "\\|").replace("<", "&lt;").replace("\n", " ");
    }
}
