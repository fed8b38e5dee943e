package dev.factory.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.factory.config.Desired;
import dev.factory.daemon.DaemonState;
import dev.factory.daemon.JobRecords;
import dev.factory.kinds.prune.DiskUsage;
import dev.factory.kinds.repo.RepoObserver;
import dev.factory.state.StateDir;
import java.io.IOException;
import java.nio.file.Files;

/** {@code factory status --json}: last reconcile, pending drift, lock holder, jobs' last runs, disk use, clones. */
final class StatusJson {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private StatusJson() {}

    static String of(Desired desired, StateDir state) throws IOException {
        ObjectNode root = JSON.createObjectNode().put("host", desired.host().name()).put("stateDir", state.root().toString());
        var lock = Files.exists(state.lockFile()) && Files.size(state.lockFile()) > 0 ? Files.readString(state.lockFile()).strip() : null;
        if (lock == null) root.putNull("lock");
        else root.set("lock", JSON.readTree(lock));
        var last = DaemonState.read(state);
        if (last == null) root.putNull("lastReconcile");
        else root.putObject("lastReconcile").put("at", last.at().toString()).put("revision", last.revision()).put("result", last.result())
                .put("pending", last.pending()).put("applied", last.applied()).put("failed", last.failed()).put("message", last.message());
        root.put("pendingDrift", last == null ? null : last.pending());
        var jobs = root.putArray("jobs");
        for (var job : desired.jobs().values()) {
            var h = JobRecords.read(state, job.name());
            var n = jobs.addObject().put("name", job.name()).put("schedule", job.schedule().text()).put("consecutiveFailures", h.consecutiveFailures())
                    .put("failing", h.consecutiveFailures() >= job.failAfter());
            var r = h.last();
            if (r == null) n.putNull("lastRun");
            else n.putObject("lastRun").put("at", r.startedAt().toString()).put("exitCode", r.exitCode()).put("durationMillis", r.durationMillis());
        }
        try {
            var usage = DiskUsage.of(desired.prune().disk().path());
            root.putObject("disk").put("path", usage.path().toString()).put("percent", Math.round(usage.percent() * 10) / 10.0)
                    .put("used", usage.used()).put("total", usage.total()).put("alertAtPercent", desired.prune().disk().alertAtPercent());
        } catch (IOException e) {
            root.putNull("disk");
        }
        var repos = root.putArray("repos");
        for (var spec : desired.repos().values()) {
            var s = RepoObserver.observe(spec, dev.factory.kinds.repo.RepoObserver.Fetch.NONE);
            var n = repos.addObject().put("name", spec.name()).put("path", spec.path().toString()).put("presence", s.presence().name().toLowerCase())
                    .put("branch", s.currentBranch()).put("behind", s.behind()).put("ahead", s.ahead()).put("changed", s.changed()).put("untracked", s.untracked());
            var wts = n.putArray("worktrees");
            s.worktrees().forEach(wts::add);
        }
        return JSON.writeValueAsString(root) + "\n";
    }
}
