package dev.factory.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.factory.apply.ApplyResult;
import dev.factory.config.ConfigLoader;
import dev.factory.config.Desired;
import dev.factory.engine.Converge;
import dev.factory.notify.Condition;
import dev.factory.plan.Action;
import dev.factory.schedule.JobRecords;
import dev.factory.schedule.JobSection;
import dev.factory.schedule.ScheduleSection;
import dev.factory.schedule.ScheduleSpec;
import dev.factory.state.StateDir;
import dev.factory.state.Suspension;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The daemon as a service: its control socket ({@code factory reconcile|suspend|resume|status}),
 * its HTTP endpoint (health, readiness, metrics, the GitHub webhook, the status page), the metrics
 * it keeps, and suspension. Opened with the first config that loads; nothing here changes the host
 * except through the reconcile the schedule would run anyway.
 */
final class Service implements HttpEndpoint.Daemon {
    static final int RECENT = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Daemon daemon;
    private final Consumer<String> log;
    final Metrics metrics = new Metrics();
    private final Instant started = Instant.now();
    private final ArrayDeque<DaemonState> recent = new ArrayDeque<>();
    private volatile ConfigLoader.Result loaded;
    private volatile StateDir state;
    private final PlanServer plans;
    /** The last reconcile's latest plan (its verifying plan after an apply) without payloads: what the status page shows; null before one. */
    private volatile List<dev.factory.plan.Change> lastChanges;
    private volatile DaemonState lastReconcile;
    /** Objects not as the config says, as last observed (a full reconcile's pending changes, updated by live drift). */
    private final java.util.concurrent.ConcurrentSkipListMap<String, Drifted> drift = new java.util.concurrent.ConcurrentSkipListMap<>();
    private volatile java.util.Set<String> declared = java.util.Set.of();
    private ControlSocket control;
    private HttpEndpoint http;
    private final dev.factory.notify.Notifier notifier;
    private volatile dev.factory.notify.Alerts alerts;

    Service(Daemon daemon, Consumer<String> log, ConfigLoader planLoader) {
        this.daemon = daemon;
        this.plans = new PlanServer(planLoader);
        this.log = log;
        this.notifier = new dev.factory.notify.Notifier(log, java.time.Clock.systemUTC());
        metrics.declareCounter("factory_reconciles_total", "Reconciles run, by result.", "result", "applied");
        metrics.declareCounter("factory_reconcile_seconds_total", "Time spent reconciling, in seconds.");
        metrics.declareCounter("factory_lock_waits_total", "Reconciles skipped because another apply held the state lock.");
        metrics.declareCounter("factory_webhook_deliveries_total", "GitHub webhook deliveries, by outcome.", "outcome", "accepted");
        metrics.gauge("factory_drift_objects", "Objects not as the config says, as last observed (pending changes; live drift updates it).",
                () -> lastReconcile == null ? null : (double) drift.size());
        metrics.gauge("factory_last_successful_reconcile_timestamp_seconds", "When a reconcile last ended converged or with nothing to do.",
                this::lastSuccess);
        metrics.gauge("factory_suspended", "1 while reconciles and jobs are suspended.", () -> state == null ? null
                : Suspension.read(state).isPresent() ? 1.0 : 0.0);
        metrics.gauge("factory_disk_used_ratio", "Use of the watched disk (host.disk.path), 0 to 1.", this::diskRatio);
        metrics.gauge("factory_daemon_start_timestamp_seconds", "When this daemon started.", () -> (double) started.getEpochSecond());
        metrics.readAtScrape("factory_docker_api_calls_total", "counter", "Docker Engine API calls made by this process, by method and endpoint.",
                "call", dev.factory.docker.ApiCalls::snapshot);
    }

    private volatile Instant lastSuccessAt;

    private Double lastSuccess() {
        return lastSuccessAt == null ? null : (double) lastSuccessAt.getEpochSecond();
    }

    private Double diskRatio() {
        var l = loaded;
        if (l == null || !l.ok()) return null;
        try {
            var usage = dev.factory.kinds.prune.DiskUsage.of(l.desired().get(dev.factory.kinds.prune.PruneSection.SECTION).disk().path());
            return usage.percent() / 100.0;
        } catch (IOException e) {
            return null;
        }
    }

    /** Opens the control socket, and the HTTP endpoint when the config declares one; once, with the first config that loads. */
    synchronized void open(ConfigLoader.Result result, StateDir stateDir) {
        this.loaded = result;
        this.state = stateDir;
        if (alerts == null) alerts = dev.factory.notify.Alerts.read(stateDir);
        if (control == null) {
            try {
                stateDir.create();
                privateDir(socket(stateDir).getParent());
                control = ControlSocket.open(socket(stateDir), this::control, plans::collectIfOwed, log);
                log.accept("control socket " + socket(stateDir));
            } catch (IOException e) {
                log.accept("control socket not opened: " + e.getMessage());
            }
        }
        ScheduleSpec.Http spec = result.desired().get(ScheduleSection.SECTION).http();
        if (http == null && spec != null) {
            try {
                http = HttpEndpoint.start(new InetSocketAddress(spec.host(), spec.port()), this);
                log.accept("listening on http://" + spec.host() + ":" + http.address().getPort()
                        + " (/healthz /readyz /metrics /hooks/github and a status page)");
            } catch (IOException e) {
                log.accept("http endpoint not opened on " + spec.host() + ":" + spec.port() + ": " + e.getMessage());
            }
        }
    }

    /**
     * {@code STATE/control/daemon.sock}: the socket sits in a directory of mode 0700, so nobody but
     * root reaches it even in the moment between bind and chmod.
     */
    static Path socket(StateDir state) {
        return state.controlSocket();
    }

    private static void privateDir(Path dir) throws IOException {
        if (java.nio.file.Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                && !java.nio.file.Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(dir + " is not a directory (a link?); not opening the control socket there");
        }
        java.nio.file.Files.createDirectories(dir, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        java.nio.file.Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    }

    /** The port the HTTP endpoint got (useful with port 0), or -1 when there is none. */
    int httpPort() {
        return http == null ? -1 : http.address().getPort();
    }

    synchronized void close() {
        notifier.close();
        plans.close();
        if (http != null) http.close();
        if (control != null) {
            try {
                control.close();
            } catch (IOException e) {
                log.accept("closing the control socket: " + e.getMessage());
            }
        }
    }

    /** Whether rounds are suspended; says so in the log for {@code what}. */
    boolean suspended(StateDir stateDir, String what) {
        var s = Suspension.read(stateDir);
        s.ifPresent(x -> log.accept(what + " skipped: " + x.describe()));
        return s.isPresent();
    }

    void reconciled(ConfigLoader.Result result, Converge.Outcome outcome, Duration took) {
        this.loaded = result;
        metrics.inc("factory_reconcile_seconds_total", "Time spent reconciling, in seconds.", took.toMillis() / 1000.0);
        if (outcome == null) {
            metrics.inc("factory_lock_waits_total", "Reconciles skipped because another apply held the state lock.", 1);
            return;
        }
        var recorded = DaemonState.of(outcome, Instant.now());
        lastChanges = (outcome.after() != null ? outcome.after() : outcome.plan()).changes().stream()
                .map(dev.factory.plan.Change::withoutPayloads).toList();
        lastReconcile = recorded;
        synchronized (recent) {
            recent.addFirst(recorded);
            while (recent.size() > RECENT) recent.removeLast();
        }
        metrics.inc("factory_reconciles_total", "Reconciles run, by result.", 1, "result", recorded.result());
        if (outcome.ok()) lastSuccessAt = recorded.at();
        countChanges(outcome);
        var now = Instant.now();
        var fired = new ArrayList<>(alerts().observe(Condition.RECONCILE_FAILED, AlertConditions.reconcileFailed(recorded), now));
        if (!outcome.plan().hasErrors()) {
            var all = new java.util.HashSet<String>();
            outcome.plan().changes().forEach(c -> all.add(c.address().toString()));
            declared = java.util.Set.copyOf(all);
            recordDrift(null, outcome.pending());
            fired.addAll(alerts().observe(Condition.DRIFT, AlertConditions.drift(drift()), now));
            fired.addAll(alerts().observe(Condition.RUNNER_OFFLINE, AlertConditions.runnersOffline(outcome.plan()), now));
        }
        fired.addAll(diskAlerts(now));
        AlertConditions.applied(outcome).ifPresent(text -> fired.add(dev.factory.notify.Alerts.event(Condition.APPLIED, "reconcile", text, now)));
        alert(fired);
    }

    private dev.factory.notify.Alerts alerts() {
        var a = alerts;
        if (a == null) {
            a = new dev.factory.notify.Alerts(List.of());
            alerts = a;
        }
        return a;
    }

    private List<dev.factory.notify.Alerts.Alert> diskAlerts(Instant now) {
        var l = loaded;
        if (l == null || !l.ok()) return List.of();
        var spec = l.desired().get(dev.factory.kinds.prune.PruneSection.SECTION).disk();
        try {
            var usage = dev.factory.kinds.prune.DiskUsage.of(spec.path());
            return alerts().observe(Condition.DISK, AlertConditions.disk(usage.path().toString(), usage.percent(), spec.alertAtPercent()), now);
        } catch (IOException e) {
            return List.of();   // unknown: neither fired nor cleared
        }
    }

    /** New and cleared alerts: logged, kept in the state dir, and sent to the notify targets that hear them. */
    private void alert(List<dev.factory.notify.Alerts.Alert> fired) {
        if (fired.isEmpty()) return;
        for (var a : fired) {
            log.accept("alert " + dev.factory.runtime.Printable.escape(dev.factory.notify.Alerts.line(a)));
            metrics.inc("factory_alerts_total", "Alerts fired, cleared or sent as events, by condition and state.", 1,
                    "condition", a.condition().word(), "state", a.state().name().toLowerCase(Locale.ROOT));
        }
        var st = state;
        try {
            if (st != null) alerts().write(st);
        } catch (IOException e) {
            log.accept("alerts: cannot keep their state: " + e.getMessage() + " (a restarted daemon may send these again)");
        }
        var l = loaded;
        if (l != null && l.ok()) notifier.send(l.desired(), fired);
    }

    /** One object found not as the config says: what a reconcile would do, why, and since when. */
    record Drifted(String address, String action, String reason, Instant since) {}

    /** Replaces what is known to drift with {@code pending} for the addresses in {@code scope} (all when null). */
    private void recordDrift(java.util.Collection<String> scope, List<dev.factory.plan.Change> pending) {
        var now = Instant.now();
        var seen = new java.util.HashSet<String>();
        for (var c : pending) {
            String a = c.address().toString();
            seen.add(a);
            drift.compute(a, (k, old) -> new Drifted(k, c.action().word(), c.reason(), old == null ? now : old.since()));
        }
        drift.keySet().removeIf(a -> !seen.contains(a) && (scope == null || scope.contains(a)));
    }

    /** What live drift reconciled: the drift recorded for those objects now, and the metrics. */
    void reconciledDirty(List<String> targets, Converge.Outcome outcome, Duration took) {
        metrics.inc("factory_reconcile_seconds_total", "Time spent reconciling, in seconds.", took.toMillis() / 1000.0);
        if (outcome == null) {
            metrics.inc("factory_lock_waits_total", "Reconciles skipped because another apply held the state lock.", 1);
            return;
        }
        var recorded = DaemonState.of(outcome, Instant.now());
        metrics.inc("factory_live_reconciles_total", "Reconciles of objects live drift found changed, by result.", 1, "result", recorded.result());
        countChanges(outcome);
        var scope = new java.util.HashSet<>(targets);
        (outcome.after() != null ? outcome.after() : outcome.plan()).changes().forEach(c -> scope.add(c.address().toString()));
        recordDrift(scope, outcome.pending());
        var now = Instant.now();
        var fired = new ArrayList<>(alerts().observe(Condition.DRIFT, AlertConditions.drift(drift()), now));
        AlertConditions.applied(outcome).ifPresent(text -> fired.add(dev.factory.notify.Alerts.event(Condition.APPLIED, "live reconcile", text, now)));
        alert(fired);
    }

    private void countChanges(Converge.Outcome outcome) {
        if (outcome.applied() == null) return;
        for (var o : outcome.applied().outcomes()) {
            metrics.inc("factory_changes_total", "Changes apply made, by action, kind and status.", 1, "action", o.action().word(),
                    "kind", o.address().kind(), "status", o.status().name().toLowerCase(Locale.ROOT));
        }
    }

    /** The addresses the config declared at the last full reconcile: live drift's filter. */
    java.util.Set<String> declared() {
        return declared;
    }

    private volatile String lineage;

    /** This state dir's lineage (what its objects' labels carry), or null before the first apply made it. */
    String lineage() {
        var known = lineage;
        if (known != null || state == null) return known;
        try {
            known = dev.factory.state.Lineage.read(state).map(dev.factory.state.Lineage::id).orElse(null);
        } catch (IOException e) {
            known = null;
        }
        lineage = known;
        return known;
    }

    ConfigLoader.Result loaded() {
        return loaded;
    }

    /** The rendered files factory owns, by path, with their addresses (from the inventory), for live drift to watch. */
    java.util.Map<Path, String> renderedFiles(StateDir stateDir) {
        var out = new java.util.HashMap<Path, String>();
        try {
            dev.factory.state.Inventory.load(stateDir).all().forEach((address, e) -> {
                if (dev.factory.engine.RenderedFile.KIND.equals(e.kind()) && e.id() != null && declared.contains(address)) out.put(Path.of(e.id()), address);
            });
        } catch (IOException | RuntimeException e) {
            log.accept("live drift: cannot read the inventory: " + e.getMessage());
        }
        return out;
    }

    List<Drifted> drift() {
        return List.copyOf(drift.values());
    }

    void reconcileFailed(String why) {
        metrics.inc("factory_reconciles_total", "Reconciles run, by result.", 1, "result", why);
        alert(alerts().observe(Condition.RECONCILE_FAILED, AlertConditions.reconcileError(why), Instant.now()));
    }

    void jobRan(String name, int exitCode) {
        metrics.inc("factory_job_runs_total", "Declared jobs run, by job and result.", 1, "job", name, "result", exitCode == 0 ? "ok" : "failed");
        var l = loaded;
        var st = state;
        if (l == null || !l.ok() || st == null) return;
        var job = l.desired().get(JobSection.SECTION).get(name);
        if (job == null) return;
        try {
            int failures = JobRecords.read(st, name).consecutiveFailures();
            alert(alerts().observe(Condition.JOB_FAILING, AlertConditions.jobFailing(name, failures, job.failAfter(), exitCode), name::equals, Instant.now()));
        } catch (IOException e) {
            log.accept("job " + name + ": cannot read its runs for alerts: " + e.getMessage());
        }
    }

    /** After a drift report: the doctor's deaf connections, when it ran the doctor. */
    void reported(dev.factory.report.DriftReport report) {
        if (report.doctor() == null) return;
        alert(alerts().observe(Condition.DOCTOR_DEAF, AlertConditions.deaf(report.doctor()), Instant.now()));
    }

    /** One control-socket request: reconcile, suspend, resume or status. */
    ObjectNode control(JsonNode request) {
        String command = request.path("command").asText("");
        var answer = JSON.createObjectNode().put("ok", true);
        try {
            switch (command) {
                case "reconcile" -> answer.put("message", daemon.requestReconcile("factory reconcile"));
                case "suspend" -> {
                    String reason = request.path("reason").asText(null);
                    var existing = Suspension.read(state);
                    if (existing.isPresent()) {
                        answer.put("message", "already " + existing.get().describe());
                    } else {
                        new Suspension(Instant.now(), reason, "factory suspend").write(state);
                        log.accept("suspended" + (reason == null ? "" : ": " + reason));
                        answer.put("message", "suspended: reconciles and jobs are skipped until factory resume");
                    }
                }
                case "resume" -> {
                    boolean was = Suspension.clear(state);
                    if (was) log.accept("resumed");
                    answer.put("message", was ? "resumed: the next reconcile runs on schedule (factory reconcile runs one now)" : "not suspended");
                }
                case "status" -> answer.set("daemon", live());
                case "plan" -> {
                    return plans.answer(request, state);
                }
                default -> answer.put("ok", false).put("error", "unknown command '" + command + "': reconcile, suspend, resume, status or plan");
            }
        } catch (IOException | RuntimeException e) {
            answer.put("ok", false).put("error", e.getMessage());
        }
        return answer;
    }

    /** What {@code factory status} shows of a running daemon. */
    ObjectNode live() {
        var n = JSON.createObjectNode().put("pid", ProcessHandle.current().pid()).put("startedAt", started.toString())
                .put("running", daemon.running()).put("reconcileQueued", daemon.reconcileQueued());
        var s = state == null ? Optional.<Suspension>empty() : Suspension.read(state);
        if (s.isPresent()) n.putObject("suspended").put("since", s.get().since().toString()).put("reason", s.get().reason()).put("by", s.get().by());
        else n.putNull("suspended");
        if (http != null) n.put("http", "http://" + http.address().getHostString() + ":" + http.address().getPort());
        n.put("watching", daemon.watching());
        var d = n.putArray("drift");
        for (var x : drift()) d.addObject().put("address", x.address()).put("action", x.action()).put("reason", x.reason()).put("since", x.since().toString());
        var last = lastReconcile;
        if (last != null) {
            n.putObject("lastReconcile").put("at", last.at().toString()).put("result", last.result()).put("pending", last.pending())
                    .put("applied", last.applied()).put("failed", last.failed());
        }
        return n;
    }

    @Override
    public boolean healthy() {
        return !daemon.stopping();
    }

    @Override
    public Optional<String> notReady() {
        var l = loaded;
        if (l == null) return Optional.of("no config loaded yet");
        if (!l.ok()) return Optional.of("the config has errors");
        if (lastReconcile == null) return Optional.of("the first reconcile has not finished");
        return Optional.empty();
    }

    @Override
    public String metrics() {
        return metrics.render();
    }

    @Override
    public byte[] webhookSecret() {
        var l = loaded;
        if (l == null || !l.ok()) return null;
        var http = l.desired().get(ScheduleSection.SECTION).http();
        if (http == null || http.webhookSecret() == null) return null;
        try {
            return l.desired().secrets().resolve(http.webhookSecret()).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            log.accept("webhook secret: " + e.getMessage() + "; every delivery is refused until it resolves");
            return new byte[0];   // WebhookSignature never accepts an empty secret: 401, not a silent 404
        }
    }

    @Override
    public String onPush(String ref, String delivery) {
        metrics.inc("factory_webhook_deliveries_total", "GitHub webhook deliveries, by outcome.", 1, "outcome", "accepted");
        return daemon.requestReconcile("push to " + ref.replaceAll("[^A-Za-z0-9/._-]", ""));
    }

    @Override
    public String onPullRequest(String action, int number, String delivery) {
        metrics.inc("factory_webhook_deliveries_total", "GitHub webhook deliveries, by outcome.", 1, "outcome", "accepted");
        if (!List.of("opened", "synchronize", "reopened", "edited").contains(action)) return "ignored: pull request " + action.replaceAll("[^a-z_]", "");
        return daemon.requestPullRequestPlans("pull request #" + number + " " + action);
    }

    @Override
    public String statusPage() {
        var l = loaded;
        var st = state;
        var rows = new ArrayList<StatusPage.Row>();
        var jobs = new ArrayList<StatusPage.JobRow>();
        var swarm = new ArrayList<StatusPage.Row>();
        String disk = "unknown";
        if (st != null) {
            var changes = new java.util.HashMap<String, dev.factory.plan.Change>();
            var lastPlan = lastChanges;
            if (lastPlan != null) {
                lastPlan.forEach(c -> changes.put(c.address().toString(), c));
                for (var c : lastPlan) {
                    if (List.of("node", "service", "job").contains(c.address().kind())) {
                        swarm.add(new StatusPage.Row(c.address().toString(), c.address().kind(), null, null, c.action().word(),
                                c.reason() == null ? "" : c.reason()));
                    }
                }
            }
            try {
                for (var e : new java.util.TreeMap<>(dev.factory.state.Inventory.load(st).all()).entrySet()) {
                    var c = changes.get(e.getKey());
                    var live = drift.get(e.getKey());
                    if (live != null) {
                        rows.add(new StatusPage.Row(e.getKey(), e.getValue().kind(), e.getValue().id(), e.getValue().updatedAt(), live.action(), live.reason()));
                        continue;
                    }
                    // in the last plan and not drifting now (live drift keeps what is not as the config says)
                    String stateText = c == null ? (lastPlan == null ? "not reconciled yet" : "not in the last plan") : "in sync";
                    // its reason as the last plan gave it (a service replica's health: running, healthy)
                    rows.add(new StatusPage.Row(e.getKey(), e.getValue().kind(), e.getValue().id(), e.getValue().updatedAt(), stateText,
                            c == null || c.reason() == null ? "" : c.reason()));
                }
            } catch (IOException e) {
                log.accept("status page: cannot read the inventory: " + e.getMessage());
            }
            if (l != null && l.ok()) {
                for (var job : l.desired().get(JobSection.SECTION).values()) {
                    try {
                        var h = JobRecords.read(st, job.name());
                        var last = h.last();
                        jobs.add(new StatusPage.JobRow(job.name(), job.schedule().text(), last == null ? null : last.startedAt(),
                                last == null ? null : last.exitCode(), h.consecutiveFailures() >= job.failAfter()));
                    } catch (IOException e) {
                        jobs.add(new StatusPage.JobRow(job.name(), job.schedule().text(), null, null, false));
                    }
                }
                Double ratio = diskRatio();
                if (ratio != null) disk = String.format(Locale.ROOT, "%.0f%% used", ratio * 100);
            }
        }
        List<DaemonState> list;
        synchronized (recent) {
            list = List.copyOf(recent);
        }
        return StatusPage.render(new StatusPage.Model(l != null && l.ok() ? l.desired().host().name() : "(config not loaded)",
                st == null ? "" : st.root().toString(), Instant.now(), started, st == null ? null : Suspension.read(st).orElse(null),
                daemon.reconcileQueued(), daemon.running(), list, rows, jobs, disk, daemon.watching(), drift(),
                l != null && l.ok() && st != null ? egress(l.desired(), st) : List.of(), swarm));
    }

    private volatile Instant egressAt = Instant.EPOCH;
    private volatile List<dev.factory.kinds.egress.EgressAudit.Profile> egressSeen = List.of();

    /** What each egress profile reached, read from its proxy at most every 30 s (a page load reads a log per profile). */
    private List<dev.factory.kinds.egress.EgressAudit.Profile> egress(Desired desired, StateDir st) {
        if (dev.factory.kinds.egress.EgressKind.enforced(desired).isEmpty()) return List.of();
        if (Instant.now().isBefore(egressAt.plusSeconds(30))) return egressSeen;
        try (var ports = dev.factory.app.Adapters.open(desired.host(), System.getenv())) {
            egressSeen = dev.factory.app.Adapters.egressAudit(desired, st, ports);
            egressAt = Instant.now();
        } catch (IOException | RuntimeException e) {
            log.accept("status page: cannot read the egress logs: " + e.getMessage());
        }
        return egressSeen;
    }

    @Override
    public void log(String line) {
        log.accept(line);
    }

    Desired desired() {
        var l = loaded;
        return l == null ? null : l.desired();
    }
}
