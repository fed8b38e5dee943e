package dev.factory.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.factory.config.ByteSize;
import java.util.Locale;

/** The drift report as JSON, Markdown and one self-contained HTML page, all from the same model. */
public final class DriftViews {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private DriftViews() {}

    public static String json(DriftReport r) {
        ObjectNode root = JSON.createObjectNode().put("formatVersion", 1).put("at", r.at().toString()).put("host", r.host())
                .put("configRevision", r.configRevision()).put("configSubject", r.configSubject());
        if (r.lastApply() == null) root.putNull("lastApply");
        else root.putObject("lastApply").put("at", r.lastApply().at().toString()).put("revision", r.lastApply().revision());
        ObjectNode summary = root.putObject("summary");
        for (var k : DriftReport.Kind.values()) summary.put(k.name().toLowerCase(Locale.ROOT), r.count(k));
        var changes = root.putArray("changes");
        for (var e : r.changes()) {
            changes.addObject().put("address", e.address()).put("action", e.action()).put("reason", e.reason())
                    .put("kind", e.kind().name().toLowerCase(Locale.ROOT)).put("since", e.since());
        }
        if (r.disk() == null) root.putNull("disk");
        else root.putObject("disk").put("path", r.disk().path()).put("percent", Math.round(r.disk().percent() * 10) / 10.0)
                .put("used", r.disk().used()).put("total", r.disk().total()).put("alertAtPercent", r.disk().alertAtPercent());
        var runners = root.putArray("runners");
        r.runners().forEach(h -> runners.addObject().put("address", h.address()).put("state", h.state()));
        var jobs = root.putArray("jobs");
        for (var j : r.jobs()) {
            var n = jobs.addObject().put("name", j.name()).put("schedule", j.schedule()).put("consecutiveFailures", j.consecutiveFailures()).put("failing", j.failing());
            if (j.lastRun() == null) n.putNull("lastRun");
            else n.put("lastRun", j.lastRun().toString());
            if (j.lastExitCode() == null) n.putNull("lastExitCode");
            else n.put("lastExitCode", j.lastExitCode());
        }
        if (r.doctor() == null) root.putNull("doctor");
        else {
            var d = root.putObject("doctor").put("ok", r.doctor().ok()).put("deaf", r.doctor().deaf()).put("unknown", r.doctor().unknown());
            var deaf = d.putArray("deafConnections");
            r.doctor().deafConnections().forEach(deaf::add);
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String markdown(DriftReport r) {
        var sb = new StringBuilder("# factory drift report: ").append(r.host()).append("\n\n");
        sb.append(r.at()).append(", config ").append(r.configRevision() == null ? "(not in git)" : "`" + r.configRevision().substring(0, 12) + "`");
        sb.append(r.lastApply() == null ? "; never applied" : "; last apply " + r.lastApply().at()).append("\n\n");
        sb.append("| corrective | intentional | housekeeping | unknown |\n|---:|---:|---:|---:|\n| ")
                .append(r.count(DriftReport.Kind.CORRECTIVE)).append(" | ").append(r.count(DriftReport.Kind.INTENTIONAL)).append(" | ")
                .append(r.count(DriftReport.Kind.HOUSEKEEPING)).append(" | ").append(r.count(DriftReport.Kind.UNKNOWN)).append(" |\n\n");
        sb.append("## Changes\n\n");
        if (r.changes().isEmpty()) sb.append("None: the host matches the config.\n\n");
        else {
            sb.append("| kind | address | action | reason | since |\n|---|---|---|---|---|\n");
            for (var e : r.changes()) {
                sb.append("| ").append(e.kind().name().toLowerCase(Locale.ROOT)).append(" | ").append(md(dev.factory.runtime.Printable.code(e.address()))).append(" | ").append(e.action())
                        .append(" | ").append(md(e.reason())).append(" | ").append(e.since() == null ? "" : md(e.since())).append(" |\n");
            }
            sb.append('\n');
        }
        if (r.disk() != null) {
            sb.append("## Disk\n\n").append(String.format(Locale.ROOT, "%s at %.0f%% (%s of %s; alert at %d%%)%n%n", r.disk().path(), r.disk().percent(),
                    ByteSize.human(r.disk().used()), ByteSize.human(r.disk().total()), r.disk().alertAtPercent()));
        }
        sb.append("## Runners\n\n");
        if (r.runners().isEmpty()) sb.append("None declared.\n\n");
        r.runners().forEach(h -> sb.append("- ").append(dev.factory.runtime.Printable.code(h.address())).append(": ").append(md(h.state())).append('\n'));
        sb.append("\n## Jobs\n\n");
        if (r.jobs().isEmpty()) sb.append("None declared.\n\n");
        for (var j : r.jobs()) {
            sb.append("- `").append(j.name()).append("` (").append(j.schedule()).append("): ")
                    .append(j.lastRun() == null ? "never ran" : "last run " + j.lastRun() + ", exit " + j.lastExitCode())
                    .append(j.failing() ? ", **failing " + j.consecutiveFailures() + " times in a row**" : "").append('\n');
        }
        if (r.doctor() != null) {
            sb.append("\n## Doctor\n\n").append(r.doctor().ok()).append(" ok, ").append(r.doctor().deaf()).append(" deaf, ")
                    .append(r.doctor().unknown()).append(" unknown\n");
            r.doctor().deafConnections().forEach(d -> sb.append("- ").append(md(d)).append('\n'));
        }
        return sb.toString();
    }

    /** One page, styles inline, no scripts, no external assets. */
    public static String html(DriftReport r) {
        var sb = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>factory drift: ")
                .append(h(r.host())).append("</title>\n<style>body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}"
                        + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}"
                        + "th{background:#f4f4f4}.corrective{background:#fde2e1}.intentional{background:#e3efff}.unknown{background:#fff4d6}"
                        + ".housekeeping{background:#eef7ee}.num{font-size:22px;font-weight:600}.failing{color:#b00020;font-weight:600}"
                        + "code{background:#f4f4f4;padding:0 3px}</style></head><body>\n");
        sb.append("<h1>factory drift report: ").append(h(r.host())).append("</h1>\n<p>").append(h(r.at().toString())).append(", config ")
                .append(r.configRevision() == null ? "(not in git)" : "<code>" + h(r.configRevision().substring(0, 12)) + "</code>")
                .append(r.lastApply() == null ? "; never applied" : "; last apply " + h(r.lastApply().at().toString())).append("</p>\n");
        sb.append("<table><tr>");
        for (var k : DriftReport.Kind.values()) sb.append("<th class=\"").append(k.name().toLowerCase(Locale.ROOT)).append("\">").append(k.name().toLowerCase(Locale.ROOT)).append("</th>");
        sb.append("</tr><tr>");
        for (var k : DriftReport.Kind.values()) sb.append("<td class=\"num\">").append(r.count(k)).append("</td>");
        sb.append("</tr></table>\n<h2>Changes</h2>\n");
        if (r.changes().isEmpty()) sb.append("<p>None: the host matches the config.</p>\n");
        else {
            sb.append("<table><tr><th>kind</th><th>address</th><th>action</th><th>reason</th><th>since</th></tr>\n");
            for (var e : r.changes()) {
                String k = e.kind().name().toLowerCase(Locale.ROOT);
                sb.append("<tr class=\"").append(k).append("\"><td>").append(k).append("</td><td><code>").append(h(e.address())).append("</code></td><td>")
                        .append(h(e.action())).append("</td><td>").append(h(e.reason())).append("</td><td>").append(h(e.since())).append("</td></tr>\n");
            }
            sb.append("</table>\n");
        }
        if (r.disk() != null) {
            sb.append("<h2>Disk</h2><p>").append(h(String.format(Locale.ROOT, "%s at %.0f%% (%s of %s; alert at %d%%)", r.disk().path(), r.disk().percent(),
                    ByteSize.human(r.disk().used()), ByteSize.human(r.disk().total()), r.disk().alertAtPercent()))).append("</p>\n");
        }
        sb.append("<h2>Runners</h2><ul>");
        if (r.runners().isEmpty()) sb.append("<li>None declared.</li>");
        r.runners().forEach(x -> sb.append("<li><code>").append(h(x.address())).append("</code>: ").append(h(x.state())).append("</li>"));
        sb.append("</ul>\n<h2>Jobs</h2><ul>");
        if (r.jobs().isEmpty()) sb.append("<li>None declared.</li>");
        for (var j : r.jobs()) {
            sb.append("<li><code>").append(h(j.name())).append("</code> (").append(h(j.schedule())).append("): ")
                    .append(j.lastRun() == null ? "never ran" : "last run " + h(j.lastRun().toString()) + ", exit " + j.lastExitCode())
                    .append(j.failing() ? " <span class=\"failing\">failing " + j.consecutiveFailures() + " times in a row</span>" : "").append("</li>");
        }
        sb.append("</ul>\n");
        if (r.doctor() != null) {
            sb.append("<h2>Doctor</h2><p>").append(r.doctor().ok()).append(" ok, ").append(r.doctor().deaf()).append(" deaf, ").append(r.doctor().unknown()).append(" unknown</p><ul>");
            r.doctor().deafConnections().forEach(d -> sb.append("<li class=\"failing\">").append(h(d)).append("</li>"));
            sb.append("</ul>\n");
        }
        return sb.append("</body></html>\n").toString();
    }

    private static String md(String s) {
        return s == null ? "" : dev.factory.runtime.Printable.escape(s).replace("|", "\\|").replace("<", "&lt;");
    }

    private static String h(String s) {
        return s == null ? "" : dev.factory.runtime.Printable.escape(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
