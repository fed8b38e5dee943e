package dev.factory.daemon;

import dev.factory.engine.Converge;
import dev.factory.plan.Change;
import dev.factory.plan.Plan;
import dev.factory.report.DriftReport;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** What each alert condition holds for, read from what the daemon just observed. Pure: subject to text. */
final class AlertConditions {
    static final int MOST_NAMED = 10;

    private AlertConditions() {}

    /** {@code reconcile-failed}: a reconcile that failed, stopped incomplete or was refused. */
    static Map<String, String> reconcileFailed(DaemonState recorded) {
        return switch (recorded.result()) {
            case "failed", "incomplete", "refused" -> Map.of("reconcile", recorded.result() + (recorded.message() == null ? "" : ": " + recorded.message())
                    + (recorded.failed() > 0 ? ", " + recorded.failed() + " change(s) failed" : ""));
            default -> Map.of();
        };
    }

    /** {@code reconcile-failed} when no plan could be made at all. */
    static Map<String, String> reconcileError(String why) {
        return Map.of("reconcile", why.equals("config_error") ? "the config has errors (factory validate says which)" : "the reconcile stopped with an error (see the log)");
    }

    /** {@code drift}: each object not as the config says, with what a reconcile would do. */
    static Map<String, String> drift(List<Service.Drifted> drift) {
        var out = new TreeMap<String, String>();
        drift.forEach(d -> out.put(d.address(), d.action() + (d.reason() == null ? "" : ": " + d.reason())));
        return out;
    }

    /** {@code runner-offline}: each runner GitHub lists as offline in the plan. */
    static Map<String, String> runnersOffline(Plan plan) {
        var out = new TreeMap<String, String>();
        for (Change c : plan.changes()) {
            if (c.address().kind().equals("runner") && c.before() != null && "offline".equals(c.before().get("status"))) {
                out.put(c.address().toString(), "GitHub lists it offline" + (c.reason() == null ? "" : "; " + c.reason()));
            }
        }
        return out;
    }

    /** {@code disk}: the watched disk at or over its alert line. */
    static Map<String, String> disk(String path, double percent, int alertAt) {
        return percent >= alertAt ? Map.of(path, String.format(Locale.ROOT, "%.0f%% used, alert at %d%%", percent, alertAt)) : Map.of();
    }

    /** {@code job-failing}: the job, once it failed {@code failAfter} times in a row. */
    static Map<String, String> jobFailing(String job, int consecutiveFailures, int failAfter, int lastExit) {
        return consecutiveFailures >= failAfter ? Map.of(job, "failed " + consecutiveFailures + " times in a row, last exit " + lastExit) : Map.of();
    }

    /** {@code doctor-deaf}: each connection the doctor found deaf. */
    static Map<String, String> deaf(DriftReport.Doctor doctor) {
        var out = new TreeMap<String, String>();
        if (doctor != null) doctor.deafConnections().forEach(c -> out.put(c, "deaf"));
        return out;
    }

    /** {@code applied}: what an apply changed, when it changed something. */
    static Optional<String> applied(Converge.Outcome outcome) {
        if (outcome == null || outcome.applied() == null) return Optional.empty();
        var done = outcome.applied().outcomes().stream().filter(o -> o.status() == dev.factory.apply.ApplyResult.Status.APPLIED).toList();
        if (done.isEmpty()) return Optional.empty();
        String named = done.stream().limit(MOST_NAMED).map(o -> o.address() + " " + o.action().word()).collect(Collectors.joining(", "));
        return Optional.of(done.size() + " change(s): " + named + (done.size() > MOST_NAMED ? " and " + (done.size() - MOST_NAMED) + " more" : ""));
    }
}
