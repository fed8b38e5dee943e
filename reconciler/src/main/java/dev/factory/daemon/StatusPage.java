package dev.factory.daemon;

import dev.factory.state.Suspension;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The daemon's read-only status page: server-rendered HTML, styles inline, no script and no external
 * asset, usable without JavaScript. Pure: the same model always renders the same page.
 */
final class StatusPage {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** One managed object: what the inventory recorded and what the last reconcile's plan said of it. */
    record Row(String address, String kind, String id, Instant updated, String state, String cause) {}

    record JobRow(String name, String schedule, Instant lastRun, Integer exitCode, boolean failing) {}

    record Model(String host, String stateDir, Instant now, Instant started, Suspension suspension, boolean reconcileQueued, String running,
                 List<DaemonState> reconciles, List<Row> objects, List<JobRow> jobs, String disk, boolean watching, List<Service.Drifted> drift,
                 List<dev.factory.kinds.egress.EgressAudit.Profile> egress, List<Row> swarm) {
        Model {
            egress = egress == null ? List.of() : List.copyOf(egress);
            swarm = swarm == null ? List.of() : List.copyOf(swarm);
        }

        Model(String host, String stateDir, Instant now, Instant started, Suspension suspension, boolean reconcileQueued, String running,
              List<DaemonState> reconciles, List<Row> objects, List<JobRow> jobs, String disk, boolean watching, List<Service.Drifted> drift,
              List<dev.factory.kinds.egress.EgressAudit.Profile> egress) {
            this(host, stateDir, now, started, suspension, reconcileQueued, running, reconciles, objects, jobs, disk, watching, drift, egress, List.of());
        }

        Model(String host, String stateDir, Instant now, Instant started, Suspension suspension, boolean reconcileQueued, String running,
              List<DaemonState> reconciles, List<Row> objects, List<JobRow> jobs, String disk, boolean watching, List<Service.Drifted> drift) {
            this(host, stateDir, now, started, suspension, reconcileQueued, running, reconciles, objects, jobs, disk, watching, drift, List.of(), List.of());
        }
    }

    private StatusPage() {}

    static String render(Model m) {
        var sb = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>factory: ").append(h(m.host()))
                .append("</title>\n<style>body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:.5em 0 1.5em}"
                        + "td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}th{background:#f4f4f4}code{background:#f4f4f4;padding:0 3px}"
                        + ".bad{color:#b00020;font-weight:600}.ok{color:#1b5e20}.banner{background:#fff4d6;border:1px solid #e0c060;padding:8px;margin:1em 0}"
                        + "time{border-bottom:1px dotted #999}</style></head><body>\n");
        sb.append("<h1>factory on ").append(h(m.host())).append("</h1>\n<p>Daemon up since ").append(time(m.started())).append("; page made ")
                .append(time(m.now())).append(". State dir <code>").append(h(m.stateDir())).append("</code>. This page is read-only.</p>\n");
        if (m.suspension() != null) {
            sb.append("<div class=\"banner\"><strong>Suspended</strong>: ").append(h(m.suspension().describe()))
                    .append(". Reconciles and jobs are skipped until <code>factory resume</code>.</div>\n");
        }
        sb.append("<p>Now: ").append(m.running() == null ? "idle" : "running " + h(m.running()))
                .append(m.reconcileQueued() ? "; a reconcile is queued" : "").append(". Disk: ").append(h(m.disk())).append(".</p>\n");
        sb.append("<p>Live drift: ").append(m.watching() ? "<span class=\"ok\">watching the engine's events</span>"
                : "<span class=\"bad\">not watching the engine's events</span> (drift is seen on the interval)").append(".</p>\n");

        sb.append("<h2>Drift</h2>\n");
        if (m.drift().isEmpty()) sb.append("<p>None: every object was as the config says when last observed.</p>\n");
        else {
            sb.append("<table><tr><th>address</th><th>would</th><th>cause</th><th>since</th></tr>\n");
            for (var d : m.drift()) {
                sb.append("<tr><td><code>").append(h(d.address())).append("</code></td><td class=\"bad\">").append(h(d.action())).append("</td><td>")
                        .append(h(d.reason())).append("</td><td>").append(time(d.since())).append("</td></tr>\n");
            }
            sb.append("</table>\n");
        }

        sb.append(dev.factory.report.DriftViews.egressHtml(m.egress()));
        if (!m.swarm().isEmpty()) {
            // as the leader's last plan saw the swarm: which node runs what, nodes down, replicas short
            sb.append("<h2>Swarm</h2>\n<table><tr><th>address</th><th>plan</th><th>seen</th></tr>\n");
            for (Row r : m.swarm()) {
                boolean bad = !r.state().equals("no-op") || r.cause().startsWith("replicas short") || r.cause().startsWith("down");
                sb.append("<tr><td><code>").append(h(r.address())).append("</code></td><td class=\"").append(bad ? "bad" : "ok").append("\">")
                        .append(h(r.state())).append("</td><td>").append(h(r.cause())).append("</td></tr>\n");
            }
            sb.append("</table>\n");
        }
        sb.append("<h2>Reconciles</h2>\n");
        if (m.reconciles().isEmpty()) sb.append("<p>None since the daemon started.</p>\n");
        else {
            sb.append("<table><tr><th>at</th><th>result</th><th>applied</th><th>failed</th><th>pending</th><th>config</th><th>note</th></tr>\n");
            for (DaemonState r : m.reconciles()) {
                boolean bad = r.result().equals("failed") || r.result().equals("incomplete") || r.result().equals("refused");
                sb.append("<tr><td>").append(time(r.at())).append("</td><td class=\"").append(bad ? "bad" : "ok").append("\">").append(h(r.result()))
                        .append("</td><td>").append(r.applied()).append("</td><td>").append(r.failed()).append("</td><td>").append(r.pending())
                        .append("</td><td>").append(r.revision() == null ? "" : "<code>" + h(r.revision().substring(0, Math.min(12, r.revision().length()))) + "</code> "
                                + h(r.subject())).append("</td><td>").append(h(r.message())).append("</td></tr>\n");
            }
            sb.append("</table>\n");
        }

        sb.append("<h2>Objects</h2>\n");
        if (m.objects().isEmpty()) sb.append("<p>None recorded yet: the inventory fills with the first apply.</p>\n");
        String kind = null;
        for (Row r : m.objects()) {
            if (!r.kind().equals(kind)) {
                if (kind != null) sb.append("</table>\n");
                kind = r.kind();
                sb.append("<h3>").append(h(kind)).append("</h3>\n<table><tr><th>address</th><th>state</th><th>cause</th><th>id</th><th>updated</th></tr>\n");
            }
            boolean drift = !r.state().equals("in sync");
            sb.append("<tr><td><code>").append(h(r.address())).append("</code></td><td class=\"").append(drift ? "bad" : "ok").append("\">")
                    .append(h(r.state())).append("</td><td>").append(h(r.cause())).append("</td><td><code>")
                    .append(h(r.id() == null ? "" : r.id().length() > 19 ? r.id().substring(0, 19) : r.id())).append("</code></td><td>")
                    .append(r.updated() == null ? "" : time(r.updated())).append("</td></tr>\n");
        }
        if (kind != null) sb.append("</table>\n");

        sb.append("<h2>Jobs</h2>\n");
        if (m.jobs().isEmpty()) sb.append("<p>None declared.</p>\n");
        else {
            sb.append("<table><tr><th>job</th><th>schedule</th><th>last run</th><th>exit</th></tr>\n");
            for (JobRow j : m.jobs()) {
                sb.append("<tr><td><code>").append(h(j.name())).append("</code></td><td>").append(h(j.schedule())).append("</td><td>")
                        .append(j.lastRun() == null ? "never" : time(j.lastRun())).append("</td><td class=\"").append(j.failing() ? "bad" : "ok").append("\">")
                        .append(j.exitCode() == null ? "" : j.exitCode()).append(j.failing() ? " (failing)" : "").append("</td></tr>\n");
            }
            sb.append("</table>\n");
        }
        return sb.append("</body></html>\n").toString();
    }

    private static String time(Instant at) {
        return "<time datetime=\"" + at + "\" title=\"" + at + "\">" + WHEN.format(at) + "</time>";
    }

    static String h(String s) {
        return s == null ? "" : dev.factory.runtime.Printable.escape(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
