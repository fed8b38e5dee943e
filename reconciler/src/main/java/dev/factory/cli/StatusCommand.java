package dev.factory.cli;

import dev.factory.config.ByteSize;
import dev.factory.config.ConfigLoader;
import dev.factory.config.Desired;
import dev.factory.git.JgitClones;
import dev.factory.kinds.repo.RepoSpec;
import dev.factory.kinds.repo.RepoState;
import dev.factory.runtime.Printable;
import dev.factory.state.StateDir;
import java.util.Locale;
import picocli.CommandLine.Command;

@Command(name = "status", description = "Show the host's clones (branch, ahead/behind as of the last fetch, local changes, linked worktrees) and the state dir. Fetches nothing, changes nothing.")
final class StatusCommand extends ConfigCommand {
    @picocli.CommandLine.Mixin
    FormatOptions.TextOrJson format;

    private boolean asJson;

    @Override
    void checkOptions() {
        asJson = format.asJson();
    }

    @Override
    int run(Console console, Desired desired, ConfigLoader.Result loaded) throws Exception {
        var out = console.out();
        StateDir state = StateDir.resolve(common.stateDir, desired.host(), desired.configDir());
        var status = Status.gather(desired, state, new JgitClones());
        out.print(asJson ? StatusJson.render(status) : text(status));
        out.flush();
        return ExitCodes.OK;
    }

    private static final java.time.format.DateTimeFormatter WHEN =
            java.time.format.DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ROOT).withZone(java.time.ZoneOffset.UTC);

    static String when(java.time.Instant at) {
        return at == null ? "-" : WHEN.format(at);
    }

    private static String commit(String sha, String subject) {
        return sha == null ? "" : ", config " + sha.substring(0, Math.min(12, sha.length())) + (subject == null ? "" : " (" + subject + ")");
    }

    static String text(Status status) {
        var out = new StringBuilder();
        out.append("host: ").append(status.host()).append("   state: ").append(status.state().root()).append('\n');
        out.append("lock: ").append(Printable.escape(dev.factory.state.StateLock.sentence(status.lock()))).append('\n');
        var daemon = status.daemon();
        out.append("daemon: ").append(daemon == null ? "not running (nothing answers on " + dev.factory.daemon.Daemon.controlSocket(status.state()) + ")"
                : "running, pid " + daemon.path("pid").asText() + ", up since " + when(java.time.Instant.parse(daemon.path("startedAt").asText()))
                + (daemon.path("running").isTextual() ? ", now: " + daemon.path("running").asText() : ", idle")
                + (daemon.path("reconcileQueued").asBoolean() ? ", a reconcile is queued" : "")
                + (daemon.has("http") ? ", " + daemon.path("http").asText() : "")
                + (!daemon.has("watching") ? "" : daemon.path("watching").asBoolean() ? ", watching engine events"
                        : ", NOT watching engine events (the stream is closed; drift is seen on the interval)")).append('\n');
        if (daemon != null) {
            for (var d : daemon.path("drift")) {
                out.append("drift: ").append(Printable.escape(d.path("address").asText())).append(' ').append(d.path("action").asText())
                        .append(" (").append(Printable.escape(d.path("reason").asText())).append("), since ")
                        .append(when(java.time.Instant.parse(d.path("since").asText()))).append('\n');
            }
        }
        if (status.suspension() != null) out.append("SUSPENDED: ").append(Printable.escape(status.suspension().describe()))
                .append(" (factory resume)\n");
        var applied = status.lastApply();
        out.append("last apply: ").append(applied == null ? "never (factory apply converges the host)"
                : when(applied.at()) + Printable.escape(commit(applied.revision(), applied.subject()))).append('\n');
        var last = status.last();
        out.append("last reconcile: ").append(last == null ? "none by the daemon yet (factory daemon, or sudo factory install-systemd)"
                : when(last.at()) + ", " + last.result() + ", " + last.applied() + " applied, " + last.failed() + " failed, " + last.pending()
                + " pending" + Printable.escape(commit(last.revision(), last.subject()))).append('\n');
        var disk = status.diskSpec();
        var usage = status.disk();
        if (usage == null) {
            out.append("disk: cannot read ").append(disk.path()).append(" (").append(status.diskError()).append(")\n");
        } else {
            out.append(String.format(Locale.ROOT, "disk: %s at %.0f%% (%s used of %s; alert at %d%%%s)%n", usage.path(), usage.percent(),
                    ByteSize.human(usage.used()), ByteSize.human(usage.total()), disk.alertAtPercent(),
                    disk.highPercent() == null ? "" : ", prune early above " + disk.highPercent() + "% down to " + disk.lowPercent() + "%"));
        }
        out.append("\nmanaged objects (").append(status.managed().size()).append(")\n");
        if (status.managed().isEmpty()) out.append("  (none yet: the inventory is empty until the first apply)\n");
        if (status.engineError() != null) out.append("  engine: ").append(Printable.escape(status.engineError())).append('\n');
        int width = status.managed().stream().mapToInt(m -> m.address().length()).max().orElse(0);
        String kind = null;
        for (var m : status.managed()) {
            if (!m.kind().equals(kind)) {
                kind = m.kind();
                out.append("  ").append(kind).append('\n');
            }
            out.append(String.format(Locale.ROOT, "    %-" + width + "s  %-32s  updated %s%n", Printable.escape(m.address()),
                    Printable.escape(m.health()), when(m.updated())));
        }
        out.append("\nrepos\n");
        if (status.repos().isEmpty()) out.append("  (none declared)\n");
        for (var repo : status.repos()) {
            out.append("  ").append(repo.spec().name()).append("  ").append(repo.spec().path()).append("  ")
                    .append(Printable.escape(describe(repo.spec(), repo.state()))).append('\n');
            for (String worktree : repo.state().worktrees()) out.append("    worktree ").append(Printable.escape(worktree)).append('\n');
        }
        out.append("\njobs\n");
        if (status.jobs().isEmpty()) out.append("  (none declared)\n");
        for (var job : status.jobs()) {
            var h = job.history();
            var r = h.last();
            out.append("  ").append(job.spec().name()).append("  ").append(job.spec().schedule()).append("  ")
                    .append(r == null ? "never ran" : "last " + when(r.startedAt()) + ", exit " + r.exitCode())
                    .append(job.failing() ? "  FAILING (" + h.consecutiveFailures() + " in a row)" : "").append('\n');
        }
        return out.toString();
    }

    private static String describe(RepoSpec spec, RepoState s) {
        return switch (s.presence()) {
            case MISSING -> "not cloned";
            case EMPTY_DIR -> "empty directory, not cloned";
            case NOT_A_REPO -> "NOT a git repository";
            case REPO -> (s.currentBranch() == null ? "detached" : s.currentBranch())
                    + ", " + s.behind() + " behind / " + s.ahead() + " ahead of origin/" + spec.branch() + " (last fetch)"
                    + (s.changed() > 0 ? ", " + s.changed() + " uncommitted" : "")
                    + (s.untracked() > 0 ? ", " + s.untracked() + " untracked" : "")
                    + (s.dirty() ? "" : ", clean")
                    + (s.worktrees().isEmpty() ? "" : ", " + s.worktrees().size() + " linked worktrees");
        };
    }
}
