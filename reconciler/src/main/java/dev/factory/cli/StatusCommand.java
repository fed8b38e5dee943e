package dev.factory.cli;

import dev.factory.config.ConfigLoader;
import dev.factory.config.Desired;
import dev.factory.kinds.repo.RepoObserver;
import dev.factory.kinds.repo.RepoSpec;
import dev.factory.kinds.repo.RepoState;
import dev.factory.state.StateDir;
import java.nio.file.Files;
import picocli.CommandLine.Command;

@Command(name = "status", description = "Show the host's clones (branch, ahead/behind as of the last fetch, local changes, linked worktrees) and the state dir. Fetches nothing, changes nothing.")
final class StatusCommand extends ConfigCommand {
    @picocli.CommandLine.Option(names = "--json", description = "Print the status as JSON.")
    boolean json;

    @Override
    int run(Console console, Desired desired, ConfigLoader.Result loaded) throws Exception {
        var out = console.out();
        StateDir state = StateDir.resolve(common.stateDir, desired.host(), desired.configDir());
        if (json) {
            out.print(StatusJson.of(desired, state));
            out.flush();
            return ExitCodes.OK;
        }
        var last = dev.factory.daemon.DaemonState.read(state);
        out.println("last reconcile: " + (last == null ? "none recorded" : last.at() + ", " + last.result() + ", " + last.pending()
                + " pending" + (last.revision() == null ? "" : ", config " + last.revision().substring(0, Math.min(12, last.revision().length())))));
        String lock = Files.exists(state.lockFile()) && Files.size(state.lockFile()) > 0 ? Files.readString(state.lockFile()).strip() : "free";
        out.println("state: " + state.root() + " (lock: " + lock + ")");
        var disk = desired.prune().disk();
        try {
            var usage = dev.factory.kinds.prune.DiskUsage.of(disk.path());
            out.println(String.format(java.util.Locale.ROOT, "disk: %s at %.0f%% (%s used of %s; alert at %d%%%s)", usage.path(), usage.percent(),
                    dev.factory.config.ByteSize.human(usage.used()), dev.factory.config.ByteSize.human(usage.total()), disk.alertAtPercent(),
                    disk.highPercent() == null ? "" : ", prune early above " + disk.highPercent() + "% down to " + disk.lowPercent() + "%"));
        } catch (java.io.IOException e) {
            out.println("disk: cannot read " + disk.path() + " (" + e.getMessage() + ")");
        }
        out.println();
        out.println("repos");
        if (desired.repos().isEmpty()) out.println("  (none declared)");
        for (RepoSpec spec : desired.repos().values()) {
            RepoState s = RepoObserver.observe(spec, dev.factory.kinds.repo.RepoObserver.Fetch.NONE);
            out.println("  " + spec.name() + "  " + spec.path() + "  " + dev.factory.plan.Printable.escape(describe(spec, s)));
            for (String worktree : s.worktrees()) out.println("    worktree " + dev.factory.plan.Printable.escape(worktree));
        }
        out.println();
        out.println("jobs");
        if (desired.jobs().isEmpty()) out.println("  (none declared)");
        for (var job : desired.jobs().values()) {
            var h = dev.factory.daemon.JobRecords.read(state, job.name());
            var r = h.last();
            out.println("  " + job.name() + "  " + job.schedule() + "  " + (r == null ? "never ran" : "last " + r.startedAt() + ", exit " + r.exitCode())
                    + (h.consecutiveFailures() >= job.failAfter() ? "  FAILING (" + h.consecutiveFailures() + " in a row)" : ""));
        }
        out.flush();
        return ExitCodes.OK;
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
