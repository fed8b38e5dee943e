package dev.factory.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Locale;

/** {@code factory status --json}: last reconcile, pending drift, lock holder, jobs' last runs, disk use, clones. */
final class StatusJson {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private StatusJson() {}

    static String render(Status status) throws IOException {
        ObjectNode root = JSON.createObjectNode().put("host", status.host()).put("stateDir", status.state().root().toString());
        if (status.lock() == null) root.putNull("lock");
        else root.set("lock", JSON.readTree(status.lock()));
        root.put("lockState", dev.factory.state.StateLock.sentence(status.lock()));
        var applied = status.lastApply();
        if (applied == null) root.putNull("lastApply");
        else root.putObject("lastApply").put("at", applied.at().toString()).put("revision", applied.revision()).put("subject", applied.subject());
        var managed = root.putArray("managed");
        for (var m : status.managed()) {
            managed.addObject().put("address", m.address()).put("kind", m.kind()).put("id", m.id())
                    .put("updated", m.updated() == null ? null : m.updated().toString()).put("health", m.health());
        }
        root.put("engineError", status.engineError());
        root.set("daemon", status.daemon());
        if (status.suspension() == null) root.putNull("suspended");
        else root.putObject("suspended").put("since", status.suspension().since().toString()).put("reason", status.suspension().reason());
        var last = status.last();
        if (last == null) root.putNull("lastReconcile");
        else root.putObject("lastReconcile").put("at", last.at().toString()).put("revision", last.revision()).put("result", last.result())
                .put("pending", last.pending()).put("applied", last.applied()).put("failed", last.failed()).put("message", last.message());
        root.put("pendingDrift", last == null ? null : last.pending());
        var jobs = root.putArray("jobs");
        for (var job : status.jobs()) {
            var h = job.history();
            var n = jobs.addObject().put("name", job.spec().name()).put("schedule", job.spec().schedule().text())
                    .put("consecutiveFailures", h.consecutiveFailures()).put("failing", job.failing());
            var r = h.last();
            if (r == null) n.putNull("lastRun");
            else n.putObject("lastRun").put("at", r.startedAt().toString()).put("exitCode", r.exitCode()).put("durationMillis", r.durationMillis());
        }
        var usage = status.disk();
        if (usage == null) root.putNull("disk");
        else root.putObject("disk").put("path", usage.path().toString()).put("percent", Math.round(usage.percent() * 10) / 10.0)
                .put("used", usage.used()).put("total", usage.total()).put("alertAtPercent", status.diskSpec().alertAtPercent());
        var repos = root.putArray("repos");
        for (var repo : status.repos()) {
            var s = repo.state();
            var n = repos.addObject().put("name", repo.spec().name()).put("path", repo.spec().path().toString())
                    .put("presence", s.presence().name().toLowerCase(Locale.ROOT)).put("branch", s.currentBranch()).put("behind", s.behind())
                    .put("ahead", s.ahead()).put("changed", s.changed()).put("untracked", s.untracked());
            var wts = n.putArray("worktrees");
            s.worktrees().forEach(wts::add);
        }
        return JSON.writeValueAsString(root) + "\n";
    }
}
