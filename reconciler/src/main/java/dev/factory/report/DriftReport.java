package dev.factory.report;

import dev.factory.state.LastApply;
import dev.factory.plan.Action;
import dev.factory.plan.Change;
import dev.factory.plan.Plan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The drift report's model, rendered as JSON ({@code schema/drift.schema.json}), Markdown and
 * HTML. Built from a plan only: making a report changes nothing.
 */
public record DriftReport(Instant at, String host, String configRevision, String configSubject, LastApply lastApply,
                          List<Entry> changes, Disk disk, List<RunnerHealth> runners, List<JobHealth> jobs, Doctor doctor,
                          DriftHistory history, String suspended, List<dev.factory.kinds.egress.EgressAudit.Profile> egress,
                          List<RunnerHealth> swarm, List<RunnerHealth> health) {

    public DriftReport {
        history = history == null ? DriftHistory.NONE : history;
        egress = egress == null ? List.of() : List.copyOf(egress);
        swarm = swarm == null ? List.of() : List.copyOf(swarm);
        health = health == null ? List.of() : List.copyOf(health);
    }

    public DriftReport(Instant at, String host, String configRevision, String configSubject, LastApply lastApply,
                       List<Entry> changes, Disk disk, List<RunnerHealth> runners, List<JobHealth> jobs, Doctor doctor, DriftHistory history,
                       String suspended, List<dev.factory.kinds.egress.EgressAudit.Profile> egress, List<RunnerHealth> swarm) {
        this(at, host, configRevision, configSubject, lastApply, changes, disk, runners, jobs, doctor, history, suspended, egress, swarm, List.of());
    }

    public DriftReport(Instant at, String host, String configRevision, String configSubject, LastApply lastApply,
                       List<Entry> changes, Disk disk, List<RunnerHealth> runners, List<JobHealth> jobs, Doctor doctor, DriftHistory history,
                       String suspended, List<dev.factory.kinds.egress.EgressAudit.Profile> egress) {
        this(at, host, configRevision, configSubject, lastApply, changes, disk, runners, jobs, doctor, history, suspended, egress, List.of());
    }

    public DriftReport(Instant at, String host, String configRevision, String configSubject, LastApply lastApply,
                       List<Entry> changes, Disk disk, List<RunnerHealth> runners, List<JobHealth> jobs, Doctor doctor, DriftHistory history,
                       String suspended) {
        this(at, host, configRevision, configSubject, lastApply, changes, disk, runners, jobs, doctor, history, suspended, List.of());
    }

    public DriftReport(Instant at, String host, String configRevision, String configSubject, LastApply lastApply,
                       List<Entry> changes, Disk disk, List<RunnerHealth> runners, List<JobHealth> jobs, Doctor doctor, DriftHistory history) {
        this(at, host, configRevision, configSubject, lastApply, changes, disk, runners, jobs, doctor, history, null);
    }

    public DriftReport(Instant at, String host, String configRevision, String configSubject, LastApply lastApply,
                       List<Entry> changes, Disk disk, List<RunnerHealth> runners, List<JobHealth> jobs, Doctor doctor) {
        this(at, host, configRevision, configSubject, lastApply, changes, disk, runners, jobs, doctor, DriftHistory.NONE);
    }

    public enum Kind { CORRECTIVE, INTENTIONAL, HOUSEKEEPING, UNKNOWN }

    /** One pending change; {@code diff} is a rendered file's unified diff (live to desired), else null. */
    public record Entry(String address, String action, String reason, Kind kind, String since, String diff) {
        public Entry(String address, String action, String reason, Kind kind, String since) {
            this(address, action, reason, kind, since, null);
        }
    }

    public record Disk(String path, double percent, long used, long total, int alertAtPercent) {}

    public record RunnerHealth(String address, String state) {}

    public record JobHealth(String name, String schedule, Instant lastRun, Integer lastExitCode, int consecutiveFailures, boolean failing) {}

    public record Doctor(int ok, int deaf, int unknown, List<String> deafConnections) {}

    static final Set<String> HOUSEKEEPING = Set.of("worktree", "prune-file", "prune-container", "prune-image", "build-cache", "command");

    /** Classifies each pending change of {@code plan} against what the last apply converged to. */
    public static List<Entry> classify(Plan plan, LastApply last) {
        return classify(plan, last, DriftHistory.NONE, address -> java.util.Optional.empty());
    }

    /**
     * Classifies each pending change of {@code plan}: corrective when what the config asks for is
     * what the last apply converged to (the live object moved), intentional when the config's ask
     * changed. {@code since} says when: for corrective drift, the first kept report that saw it
     * (else after the last apply); for intentional, the commit that last changed the object's
     * declaration, as {@code changedBy} finds it (else the last apply and the config's commit now).
     */
    public static List<Entry> classify(Plan plan, LastApply last, DriftHistory history,
                                       java.util.function.Function<String, java.util.Optional<dev.factory.config.ConfigRevision>> changedBy) {
        var out = new ArrayList<Entry>();
        String sinceApply = last == null ? null : "since the last apply at " + last.at();
        for (Change c : plan.changes()) {
            if (c.action() == Action.NO_OP) continue;
            String address = c.address().toString();
            Kind kind;
            String since;
            if (c.action() == Action.UNKNOWN) {
                kind = Kind.UNKNOWN;
                since = null;
            } else if (HOUSEKEEPING.contains(c.address().kind())) {
                kind = Kind.HOUSEKEEPING;
                since = null;
            } else if (last == null) {
                kind = Kind.INTENTIONAL;
                since = "never applied yet";
            } else if (c.action() == Action.DELETE ? last.digests().containsKey(address)
                    : !last.digests().containsKey(address) || !last.digests().get(address).equals(LastApply.digest(c))) {
                kind = Kind.INTENTIONAL;
                since = changedBy.apply(address).map(r -> "since config commit " + r.sha().substring(0, 12)
                                + (r.subject() == null ? "" : " (" + r.subject() + ")"))
                        .orElse(plan.configRevision() == null ? "since the config was edited, after the last apply at " + last.at()
                                : "since config commit " + plan.configRevision().substring(0, 12)
                                + (plan.configSubject() == null ? "" : " (" + plan.configSubject() + ")")
                                + " or an earlier one after the last apply at " + last.at());
            } else {
                kind = Kind.CORRECTIVE;
                since = history.firstSeenCorrective(address).map(t -> "first seen by the report of " + t).orElse(sinceApply);
            }
            Object diff = c.after() == null ? null : c.after().get("diff");
            out.add(new Entry(address, c.action().word(), c.reason(), kind, since, diff instanceof String d && !d.isEmpty() ? d : null));
        }
        return out;
    }

    public long count(Kind kind) {
        return changes.stream().filter(e -> e.kind() == kind).count();
    }

    public boolean hasDriftOrFailures() {
        return count(Kind.CORRECTIVE) + count(Kind.INTENTIONAL) + count(Kind.UNKNOWN) > 0
                || jobs.stream().anyMatch(JobHealth::failing) || doctor != null && doctor.deaf() > 0;
    }

    public String oneLine() {
        return "factory drift on " + host + ": " + count(Kind.CORRECTIVE) + " corrective, " + count(Kind.INTENTIONAL) + " intentional, "
                + count(Kind.UNKNOWN) + " unknown; " + jobs.stream().filter(JobHealth::failing).count() + " failing jobs"
                + (doctor == null ? "" : "; " + doctor.deaf() + " deaf connections");
    }
}
