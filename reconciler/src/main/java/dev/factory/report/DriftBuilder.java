package dev.factory.report;

import dev.factory.state.LastApply;
import dev.factory.kinds.container.ContainerSection;
import dev.factory.kinds.prune.PruneSection;
import dev.factory.schedule.JobSection;
import dev.factory.config.Desired;
import dev.factory.schedule.JobRecords;
import dev.factory.schedule.JobSpec;
import dev.factory.doctor.Check;
import dev.factory.doctor.Doctor;
import dev.factory.engine.Reconciler;
import dev.factory.kinds.prune.DiskUsage;
import dev.factory.plan.Change;
import dev.factory.plan.Plan;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Makes a drift report: a plan (nothing is changed), the last apply, disk, runners, jobs, and optionally the doctor. */
public final class DriftBuilder {
    private DriftBuilder() {}

    /**
     * {@code history}: the kept reports, for trends and for when a live change was first seen;
     * {@code git}: the config's history, for which commit changed a declaration.
     */
    public static DriftReport build(Reconciler reconciler, Desired desired, Doctor doctor, DriftHistory history,
                                    dev.factory.config.ConfigGit git) throws IOException {
        return build(reconciler, desired, doctor, history, git, List.of());
    }

    /** {@code egress}: what each egress profile's containers reached ({@link dev.factory.kinds.egress.EgressLogs}). */
    public static DriftReport build(Reconciler reconciler, Desired desired, Doctor doctor, DriftHistory history,
                                    dev.factory.config.ConfigGit git, List<dev.factory.kinds.egress.EgressAudit.Profile> egress) throws IOException {
        Plan plan = reconciler.plan();
        var state = reconciler.stateDir();
        var last = LastApply.read(state);
        DriftReport.Disk disk = null;
        var spec = desired.get(PruneSection.SECTION).disk();
        try {
            var usage = DiskUsage.of(spec.path());
            disk = new DriftReport.Disk(usage.path().toString(), usage.percent(), usage.used(), usage.total(), spec.alertAtPercent());
        } catch (IOException e) {
            // the report says nothing of the disk rather than something wrong
        }
        var runners = new ArrayList<DriftReport.RunnerHealth>();
        for (Change c : plan.changes()) {
            if (!c.address().kind().equals("runner")) continue;
            String status = c.before() == null ? "not registered" : c.before().get("status") + (Boolean.TRUE.equals(c.before().get("busy")) ? ", busy" : "");
            runners.add(new DriftReport.RunnerHealth(c.address().toString(), status + (c.reason() == null ? "" : "; " + c.reason())));
        }
        // a swarm's nodes, services and jobs as the leader sees them: which node runs what, nodes down, replicas short
        var swarm = new ArrayList<DriftReport.RunnerHealth>();
        for (Change c : plan.changes()) {
            if (java.util.Set.of("node", "service", "job").contains(c.address().kind()) && c.reason() != null) {
                swarm.add(new DriftReport.RunnerHealth(c.address().toString(), c.action().word() + ": " + c.reason()));
            }
        }
        // each service replica with a health check, as the engine judges it (the plan's reason: running, healthy)
        var health = new ArrayList<DriftReport.RunnerHealth>();
        var checked = ContainerSection.containers(desired);
        for (Change c : plan.changes()) {
            var replica = checked.get(c.address().name());
            if (c.address().kind().equals(dev.factory.kinds.container.ContainerSpec.KIND) && replica != null && replica.health() != null) {
                health.add(new DriftReport.RunnerHealth(c.address().toString(), c.reason() == null ? c.action().word() : c.reason()));
            }
        }
        var jobs = new ArrayList<DriftReport.JobHealth>();
        for (JobSpec j : desired.get(JobSection.SECTION).values()) {
            var runs = JobRecords.read(state, j.name());
            var lastRun = runs.last();
            jobs.add(new DriftReport.JobHealth(j.name(), j.schedule().text(), lastRun == null ? null : lastRun.startedAt(),
                    lastRun == null ? null : lastRun.exitCode(), runs.consecutiveFailures(), runs.consecutiveFailures() >= j.failAfter()));
        }
        DriftReport.Doctor summary = null;
        if (doctor != null) {
            var checks = new ArrayList<Check>();
            desired.get(ContainerSection.SECTION).profiles().values().forEach(p -> checks.addAll(doctor.examine(desired, p)));
            var deaf = checks.stream().filter(c -> c.status() == Check.Status.DEAF).map(c -> c.profile() + " " + c.connection() + ": " + c.detail()).toList();
            summary = new DriftReport.Doctor((int) checks.stream().filter(c -> c.status() == Check.Status.OK).count(), deaf.size(),
                    (int) checks.stream().filter(c -> c.status() == Check.Status.UNKNOWN).count(), deaf);
        }
        return new DriftReport(Instant.now(), desired.host().name(), plan.configRevision(), plan.configSubject(), last,
                DriftReport.classify(plan, last, history, address -> changedBy(desired, git, address)), disk, runners, jobs, summary, history,
                dev.factory.state.Suspension.read(state).map(dev.factory.state.Suspension::describe).orElse(null), egress, swarm, health);
    }

    /** The newest commit among those that last touched the object's declarations (git blame of their lines at HEAD). */
    static java.util.Optional<dev.factory.config.ConfigRevision> changedBy(Desired desired, dev.factory.config.ConfigGit git, String address) {
        dev.factory.config.ConfigGit.LineChange newest = null;
        for (var d : Declarations.of(dev.factory.plan.Address.parse(address), desired.declared())) {
            var at = d.at();
            if (at == null || at.file() == null || at.line() <= 0) continue;
            try {
                var lines = java.nio.file.Files.readAllLines(at.file());
                int[] block = Declarations.block(lines, at);
                var found = git.lastChange(at.file(), block[0], block[1]);
                if (found.isPresent() && (newest == null || found.get().time() > newest.time())) newest = found.get();
            } catch (IOException e) {
                // unreadable now: the report falls back to the last apply
            }
        }
        return java.util.Optional.ofNullable(newest).map(c -> new dev.factory.config.ConfigRevision(c.sha(), c.subject()));
    }
}
