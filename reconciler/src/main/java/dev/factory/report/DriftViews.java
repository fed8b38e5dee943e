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
        root.put("suspended", r.suspended());
        if (r.lastApply() == null) root.putNull("lastApply");
        else root.putObject("lastApply").put("at", r.lastApply().at().toString()).put("revision", r.lastApply().revision());
        ObjectNode summary = root.putObject("summary");
        for (var k : DriftReport.Kind.values()) summary.put(k.name().toLowerCase(Locale.ROOT), r.count(k));
        var changes = root.putArray("changes");
        for (var e : r.changes()) {
            changes.addObject().put("address", e.address()).put("action", e.action()).put("reason", e.reason())
                    .put("kind", e.kind().name().toLowerCase(Locale.ROOT)).put("since", e.since()).put("diff", e.diff());
        }
        if (r.disk() == null) root.putNull("disk");
        else root.putObject("disk").put("path", r.disk().path()).put("percent", Math.round(r.disk().percent() * 10) / 10.0)
                .put("used", r.disk().used()).put("total", r.disk().total()).put("alertAtPercent", r.disk().alertAtPercent());
        var runners = root.putArray("runners");
        r.runners().forEach(h -> runners.addObject().put("address", h.address()).put("state", h.state()));
        if (!r.health().isEmpty()) {
            var health = root.putArray("health");
            r.health().forEach(h -> health.addObject().put("address", h.address()).put("state", h.state()));
        }
        if (!r.swarm().isEmpty()) {
            var swarm = root.putArray("swarm");
            r.swarm().forEach(h -> swarm.addObject().put("address", h.address()).put("state", h.state()));
        }
        var egress = root.putArray("egress");
        for (var e : r.egress()) {
            var n = egress.addObject().put("profile", e.profile()).put("mode", e.mode()).put("problem", e.problem());
            var list = n.putArray("destinations");
            for (var d : e.destinations()) {
                list.addObject().put("host", d.host()).put("port", d.port()).put("requests", d.requests()).put("refused", d.refused())
                        .put("lastSeen", d.lastSeen() == null ? null : d.lastSeen().toString()).put("listed", d.listed());
            }
        }
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
        sb.append(human(r.at())).append(", config ").append(r.configRevision() == null ? "(not in git)" : "`" + r.configRevision().substring(0, 12) + "`");
        sb.append(r.lastApply() == null ? "; never applied" : "; last apply " + human(r.lastApply().at())).append("\n\n");
        if (r.suspended() != null) sb.append("> **Suspended**: ").append(md(r.suspended())).append(". Reconciles and jobs are skipped until `factory resume`.\n\n");
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
            for (var e : r.changes()) {
                if (e.diff() == null) continue;
                sb.append("`").append(md(e.address())).append("`, live to desired:\n\n```diff\n")
                        .append(dev.factory.runtime.Printable.escapeLines(e.diff()).replace("```", "`\u200b``")).append(e.diff().endsWith("\n") ? "" : "\n").append("```\n\n");
            }
        }
        var trend = trend(r);
        if (trend.size() > 1) {
            sb.append("## Trend\n\n| report | disk | corrective | intentional | unknown | failing jobs |\n|---|---:|---:|---:|---:|---:|\n");
            for (var p : trend) {
                sb.append("| ").append(human(p.at())).append(" | ").append(p.diskPercent() == null ? "" : Charts.fmt(Math.round(p.diskPercent())) + "%")
                        .append(" | ").append(p.corrective()).append(" | ").append(p.intentional()).append(" | ").append(p.unknown())
                        .append(" | ").append(p.jobsFailing()).append(" of ").append(p.jobs()).append(" |\n");
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
        if (!r.health().isEmpty()) {
            sb.append("\n## Health\n\n");
            r.health().forEach(h -> sb.append("- ").append(dev.factory.runtime.Printable.code(h.address())).append(": ").append(md(h.state())).append('\n'));
        }
        if (!r.swarm().isEmpty()) {
            sb.append("\n## Swarm\n\n");
            r.swarm().forEach(h -> sb.append("- ").append(dev.factory.runtime.Printable.code(h.address())).append(": ").append(md(h.state())).append('\n'));
        }
        if (!r.egress().isEmpty()) {
            sb.append("\n## Egress\n\n");
            for (var e : r.egress()) {
                sb.append("Profile `").append(md(e.profile())).append("` (").append(e.mode()).append("): ");
                if (e.problem() != null) {
                    sb.append(md(e.problem())).append("\n\n");
                    continue;
                }
                sb.append(e.destinations().size()).append(e.destinations().size() == 1 ? " destination" : " destinations").append(", ")
                        .append(e.offList()).append(" off the allow-list").append(e.mode().equals("audit") ? " (the list would deny them)" : "").append("\n\n");
                if (e.destinations().isEmpty()) continue;
                sb.append("| destination | requests | refused | last seen | allow-list |\n|---|---:|---:|---|---|\n");
                for (var d : e.destinations()) {
                    sb.append("| ").append(md(d.host() + ":" + d.port())).append(" | ").append(d.requests()).append(" | ").append(d.refused())
                            .append(" | ").append(d.lastSeen() == null ? "" : human(d.lastSeen())).append(" | ")
                            .append(d.listed() == null ? "**not listed**" : "`" + md(d.listed()) + "`").append(" |\n");
                }
                sb.append('\n');
            }
        }
        sb.append("\n## Jobs\n\n");
        if (r.jobs().isEmpty()) sb.append("None declared.\n\n");
        for (var j : r.jobs()) {
            sb.append("- `").append(j.name()).append("` (").append(j.schedule()).append("): ")
                    .append(j.lastRun() == null ? "never ran" : "last run " + human(j.lastRun()) + ", exit " + j.lastExitCode())
                    .append(j.failing() ? ", **failing " + j.consecutiveFailures() + " times in a row**" : "").append('\n');
        }
        if (r.doctor() != null) {
            sb.append("\n## Doctor\n\n").append(r.doctor().ok()).append(" ok, ").append(r.doctor().deaf()).append(" deaf, ")
                    .append(r.doctor().unknown()).append(" unknown\n");
            r.doctor().deafConnections().forEach(d -> sb.append("- ").append(md(d)).append('\n'));
        }
        return sb.toString();
    }

    /**
     * Each egress profile's destinations as HTML (the drift report's and the daemon's status page's
     * section); nothing when no profile has egress on.
     */
    public static String egressHtml(java.util.List<dev.factory.kinds.egress.EgressAudit.Profile> egress) {
        if (egress.isEmpty()) return "";
        var sb = new StringBuilder("<h2>Egress</h2>\n");
        for (var e : egress) {
            sb.append("<p>Profile <code>").append(h(e.profile())).append("</code> (").append(h(e.mode())).append("): ");
            if (e.problem() != null) {
                sb.append(h(e.problem())).append("</p>\n");
                continue;
            }
            sb.append(e.destinations().size()).append(e.destinations().size() == 1 ? " destination, " : " destinations, ").append(e.offList())
                    .append(" off the allow-list").append(e.mode().equals("audit") ? " (the list would deny them)" : "").append("</p>\n");
            if (e.destinations().isEmpty()) continue;
            sb.append("<table><tr><th>destination</th><th>requests</th><th>refused</th><th>last seen</th><th>allow-list</th></tr>\n");
            for (var d : e.destinations()) {
                sb.append("<tr").append(d.listed() == null ? " class=\"unknown\"" : "").append("><td><code>").append(h(d.host() + ":" + d.port()))
                        .append("</code></td><td>").append(d.requests()).append("</td><td>").append(d.refused()).append("</td><td>")
                        .append(d.lastSeen() == null ? "" : time(d.lastSeen())).append("</td><td>")
                        .append(d.listed() == null ? "<b>not listed</b>" : "<code>" + h(d.listed()) + "</code>").append("</td></tr>\n");
            }
            sb.append("</table>\n");
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
                        + "code{background:#f4f4f4;padding:0 3px}time{border-bottom:1px dotted #999}.charts{display:flex;flex-wrap:wrap;gap:16px}"
                        + "figure{margin:0}figcaption{font-weight:600;margin:4px 0}pre.diff{background:#f8f8f8;padding:8px;overflow-x:auto}"
                        + ".add{color:#1b5e20}.del{color:#b71c1c}</style></head><body>\n");
        sb.append("<h1>factory drift report: ").append(h(r.host())).append("</h1>\n<p>").append(time(r.at())).append(", config ")
                .append(r.configRevision() == null ? "(not in git)" : "<code>" + h(r.configRevision().substring(0, 12)) + "</code>")
                .append(r.lastApply() == null ? "; never applied" : "; last apply " + time(r.lastApply().at())).append("</p>\n");
        if (r.suspended() != null) sb.append("<p class=\"failing\">Suspended: ").append(h(r.suspended())).append(". Reconciles and jobs are skipped until <code>factory resume</code>.</p>\n");
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
            for (var e : r.changes()) {
                if (e.diff() == null) continue;
                sb.append("<details open><summary><code>").append(h(e.address())).append("</code>: live to desired</summary><pre class=\"diff\">");
                for (String line : e.diff().split("\n")) {
                    String cls = line.startsWith("+") && !line.startsWith("+++") ? "add" : line.startsWith("-") && !line.startsWith("---") ? "del" : null;
                    sb.append(cls == null ? h(line) : "<span class=\"" + cls + "\">" + h(line) + "</span>").append('\n');
                }
                sb.append("</pre></details>\n");
            }
        }
        sb.append(charts(r));
        if (r.disk() != null) {
            sb.append("<h2>Disk</h2><p>").append(h(String.format(Locale.ROOT, "%s at %.0f%% (%s of %s; alert at %d%%)", r.disk().path(), r.disk().percent(),
                    ByteSize.human(r.disk().used()), ByteSize.human(r.disk().total()), r.disk().alertAtPercent()))).append("</p>\n");
        }
        sb.append(egressHtml(r.egress()));
        if (!r.health().isEmpty()) {
            sb.append("<h2>Health</h2><ul>");
            r.health().forEach(x -> sb.append("<li><code>").append(h(x.address())).append("</code>: ").append(h(x.state())).append("</li>"));
            sb.append("</ul>");
        }
        if (!r.swarm().isEmpty()) {
            sb.append("<h2>Swarm</h2><ul>");
            r.swarm().forEach(x -> sb.append("<li><code>").append(h(x.address())).append("</code>: ").append(h(x.state())).append("</li>"));
            sb.append("</ul>\n");
        }
        sb.append("<h2>Runners</h2><ul>");
        if (r.runners().isEmpty()) sb.append("<li>None declared.</li>");
        r.runners().forEach(x -> sb.append("<li><code>").append(h(x.address())).append("</code>: ").append(h(x.state())).append("</li>"));
        sb.append("</ul>\n<h2>Jobs</h2><ul>");
        if (r.jobs().isEmpty()) sb.append("<li>None declared.</li>");
        for (var j : r.jobs()) {
            sb.append("<li><code>").append(h(j.name())).append("</code> (").append(h(j.schedule())).append("): ")
                    .append(j.lastRun() == null ? "never ran" : "last run " + time(j.lastRun()) + ", exit " + j.lastExitCode())
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

    private static final java.time.format.DateTimeFormatter HUMAN =
            java.time.format.DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ROOT).withZone(java.time.ZoneOffset.UTC);
    private static final java.time.format.DateTimeFormatter DAY =
            java.time.format.DateTimeFormatter.ofPattern("d MMM HH:mm", Locale.ROOT).withZone(java.time.ZoneOffset.UTC);

    /** {@code 26 Nov 2026, 21:30 UTC}: what a person reads; the exact instant stays in the JSON and on hover. */
    static String human(java.time.Instant at) {
        return HUMAN.format(at);
    }

    static String day(java.time.Instant at) {
        return DAY.format(at);
    }

    private static String time(java.time.Instant at) {
        return "<time datetime=\"" + at + "\" title=\"" + at + "\">" + human(at) + "</time>";
    }

    /** The kept reports and this one, oldest first: the points of every trend. */
    static java.util.List<DriftHistory.Point> trend(DriftReport r) {
        var points = new java.util.ArrayList<>(r.history().points());
        points.removeIf(p -> !p.at().isBefore(r.at()));
        int failing = (int) r.jobs().stream().filter(DriftReport.JobHealth::failing).count();
        points.add(new DriftHistory.Point(r.at(), r.disk() == null ? null : r.disk().percent(), (int) r.count(DriftReport.Kind.CORRECTIVE),
                (int) r.count(DriftReport.Kind.INTENTIONAL), (int) r.count(DriftReport.Kind.UNKNOWN), r.jobs().size(), failing, java.util.Set.of()));
        return points;
    }

    /** Disk use with its alert line, drift counts and job health over the kept reports, as inline SVG. */
    static String charts(DriftReport r) {
        var points = trend(r);
        var at = points.stream().map(DriftHistory.Point::at).toList();
        var sb = new StringBuilder("<h2>Trend</h2>\n<p>Over the ").append(points.size()).append(points.size() == 1 ? " report" : " reports")
                .append(" kept (schedule.drift.keep).</p>\n<div class=\"charts\">\n");
        sb.append("<figure>").append("<figcaption>Disk use (%)</figcaption>").append(Charts.line("Disk use, percent", at,
                java.util.List.of(new Charts.Series("disk %", "#1565c0", points.stream().map(DriftHistory.Point::diskPercent).toList())),
                100.0, r.disk() == null ? null : (double) r.disk().alertAtPercent())).append("</figure>\n");
        sb.append("<figure>").append("<figcaption>Drift</figcaption>").append(Charts.line("Drift: changes by kind", at, java.util.List.of(
                new Charts.Series("corrective", "#c62828", points.stream().map(p -> (double) p.corrective()).toList()),
                new Charts.Series("intentional", "#1565c0", points.stream().map(p -> (double) p.intentional()).toList()),
                new Charts.Series("unknown", "#b26a00", points.stream().map(p -> (double) p.unknown()).toList())), null, null)).append("</figure>\n");
        sb.append("<figure>").append("<figcaption>Jobs</figcaption>").append(Charts.line("Jobs: healthy and failing", at, java.util.List.of(
                new Charts.Series("healthy", "#2e7d32", points.stream().map(p -> (double) (p.jobs() - p.jobsFailing())).toList()),
                new Charts.Series("failing", "#c62828", points.stream().map(p -> (double) p.jobsFailing()).toList())), null, null)).append("</figure>\n");
        return sb.append("</div>\n").toString();
    }

    private static String md(String s) {
        return s == null ? "" : dev.factory.runtime.Printable.escape(s).replace("|", "\\|").replace("<", "&lt;");
    }

    private static String h(String s) {
        return s == null ? "" : dev.factory.runtime.Printable.escape(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
