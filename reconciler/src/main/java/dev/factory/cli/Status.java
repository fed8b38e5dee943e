package dev.factory.cli;

import dev.factory.config.Desired;
import dev.factory.daemon.DaemonState;
import dev.factory.kinds.prune.DiskUsage;
import dev.factory.kinds.prune.PruneSection;
import dev.factory.kinds.prune.PruneSpec;
import dev.factory.kinds.repo.Clones;
import dev.factory.kinds.repo.RepoSection;
import dev.factory.kinds.repo.RepoSpec;
import dev.factory.kinds.repo.RepoState;
import dev.factory.schedule.JobRecords;
import dev.factory.schedule.JobSection;
import dev.factory.schedule.JobSpec;
import dev.factory.state.StateDir;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code factory status} knows, gathered once and rendered as text or JSON: the last
 * reconcile, the lock holder, disk use, each clone (as of its last fetch: nothing is fetched) and
 * each job's last run.
 *
 * @param lock the lock file's JSON, or null when the lock is free
 * @param disk null when the disk could not be read ({@code diskError} says why)
 */
record Status(String host, StateDir state, String lock, DaemonState last, PruneSpec.DiskSpec diskSpec, DiskUsage disk, String diskError,
              List<Repo> repos, List<Job> jobs, dev.factory.state.LastApply lastApply, List<Managed> managed, String engineError,
              com.fasterxml.jackson.databind.JsonNode daemon, dev.factory.state.Suspension suspension) {

    /** One object factory made (the inventory's record) and its health as the engine reports it, where it has one. */
    record Managed(String address, String kind, String id, java.time.Instant updated, String health) {}

    record Repo(RepoSpec spec, RepoState state) {}

    record Job(JobSpec spec, JobRecords.History history) {
        boolean failing() {
            return history.consecutiveFailures() >= spec.failAfter();
        }
    }

    static Status gather(Desired desired, StateDir state, Clones clones) throws IOException {
        String lock = Files.exists(state.lockFile()) && Files.size(state.lockFile()) > 0 ? Files.readString(state.lockFile()).strip() : null;
        var diskSpec = desired.get(PruneSection.SECTION).disk();
        DiskUsage disk = null;
        String diskError = null;
        try {
            disk = DiskUsage.of(diskSpec.path());
        } catch (IOException e) {
            diskError = e.getMessage();
        }
        var repos = new ArrayList<Repo>();
        for (RepoSpec spec : desired.get(RepoSection.SECTION).values()) repos.add(new Repo(spec, clones.observe(spec, Clones.Fetch.NONE)));
        var jobs = new ArrayList<Job>();
        for (JobSpec job : desired.get(JobSection.SECTION).values()) jobs.add(new Job(job, JobRecords.read(state, job.name())));
        var inventory = dev.factory.state.Inventory.load(state);
        var live = new java.util.HashMap<String, String>();
        String engineError = null;
        boolean containers = inventory.all().values().stream().anyMatch(e -> e.kind().equals("container"));
        if (containers) {
            try (var ports = dev.factory.app.Adapters.open(desired.host(), System.getenv())) {
                for (var c : ports.get(dev.factory.engine.port.ContainerEngine.class).listContainers()) live.put(c.id(), c.state());
            } catch (RuntimeException e) {
                engineError = dev.factory.runtime.Errors.human(dev.factory.runtime.Errors.rootMessage(e));
            }
        }
        var managed = new ArrayList<Managed>();
        for (var e : new java.util.TreeMap<>(inventory.all()).entrySet()) {
            var entry = e.getValue();
            managed.add(new Managed(e.getKey(), entry.kind(), entry.id(), entry.updatedAt(), health(entry, live, engineError)));
        }
        com.fasterxml.jackson.databind.JsonNode daemon = null;
        try {
            daemon = ControlCommands.ask(state, "status", null).map(a -> a.path("daemon")).orElse(null);
        } catch (IOException e) {
            // no daemon to ask: status is read from the state dir alone
        }
        return new Status(desired.host().name(), state, lock, DaemonState.read(state), diskSpec, disk, diskError, repos, jobs,
                dev.factory.state.LastApply.read(state), managed, engineError, daemon, dev.factory.state.Suspension.read(state).orElse(null));
    }

    /** A container's state from the engine (gone when it is not there); other kinds report what was recorded. */
    static String health(dev.factory.state.Inventory.Entry entry, java.util.Map<String, String> live, String engineError) {
        if (!entry.kind().equals("container")) return "recorded";
        if (engineError != null) return "unknown (engine unreachable)";
        String state = live.get(entry.id());
        return state == null ? "gone (removed outside factory)" : state;
    }
}
