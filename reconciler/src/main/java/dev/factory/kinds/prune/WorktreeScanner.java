package dev.factory.kinds.prune;

import dev.factory.config.ByteSize;
import dev.factory.config.Diagnostic;
import dev.factory.fs.OpenDir;
import dev.factory.fs.TrustedPath;
import dev.factory.kinds.repo.RepoSpec;
import dev.factory.plan.Address;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Linked worktrees of a declared repo that may go: trusted (see {@link LinkedWorktrees}), not
 * locked, HEAD merged into {@code origin/<branch>}, nothing changed or untracked, no ignored
 * file beyond declared build output, no commit in HEAD or its reflog that no branch, tag or
 * remote ref holds, optionally unused for an age. Git is read through {@link WorktreeGit}, which
 * runs no program the worktree configures and writes nothing (no index refresh). Every kept worktree is
 * counted, by why, in a note.
 */
final class WorktreeScanner {
    static final String KIND = "worktree";

    private WorktreeScanner() {}

    /** The worktrees one rule examined for one repo. */
    record Scan(List<Candidate> candidates, long examined) {}

    static Scan scan(RepoSpec repo, PruneSpec.WorktreeRule rule, List<Path> declaredRepos, Instant now, List<Diagnostic> notes, WorktreeGit git)
            throws IOException {
        var linked = LinkedWorktrees.list(repo.path());
        var out = new ArrayList<Candidate>();
        var kept = new Kept();
        String ruleName = "worktrees:" + repo.name();
        for (LinkedWorktrees.Linked w : linked) {
            var verdict = WorktreeVerdict.of(repo, w, rule.ignoredDisposable(), declaredRepos, git);
            Address address = Address.of(KIND, repo.name() + "/" + w.id());
            if (verdict.gone()) {
                out.add(new Candidate(address, "worktree " + w.path() + " is gone: prune git's record of it", 0, 1, Instant.EPOCH, true,
                        ruleName, linked.size(), PrunePayload.worktree(repo.path().toString(), w.id(), w.path().toString(), null, true)));
                continue;
            }
            if (verdict.keptBecause() != null) {
                kept.add(verdict.keptBecause(), verdict.size());
                continue;
            }
            Instant time = verdict.lastUsed();
            boolean due = rule.olderThan() == null || time.isBefore(now.minus(rule.olderThan().duration()));
            var before = PrunePayload.worktree(repo.path().toString(), w.id(), w.path().toString(), verdict.head(), null);
            out.add(new Candidate(address, "worktree " + w.path() + " is merged into origin/" + repo.branch() + " and clean"
                    + (verdict.disposable().isEmpty() ? "" : " (ignored build output: " + String.join(", ", verdict.disposable()) + ")")
                    + (rule.olderThan() == null ? "" : ", unused for " + rule.olderThan() + " or more"),
                    verdict.size().bytes(), 1, time, due, ruleName, linked.size(), before));
        }
        kept.note(repo, notes);
        int stashes = git.stashes(repo.path());
        if (stashes > 0) {
            notes.add(Diagnostic.note(repo.at(), "prune.worktrees", "repo/" + repo.name() + ": " + stashes + " stash entr"
                    + (stashes == 1 ? "y" : "ies") + " (git stash list); removing worktrees never touches them"));
        }
        return new Scan(out, linked.size());
    }

    /** Kept worktrees by reason, with their sizes, for one note per repo. */
    private static final class Kept {
        private final Map<String, long[]> byReason = new LinkedHashMap<>();

        Kept() {
            for (String always : List.of(WorktreeVerdict.DIRTY, WorktreeVerdict.LOCKED, WorktreeVerdict.UNMERGED)) byReason.put(always, new long[2]);
        }

        void add(String reason, OpenDir.TreeStat size) {
            long[] c = byReason.computeIfAbsent(reason, k -> new long[2]);
            c[0]++;
            c[1] += size == null ? 0 : size.bytes();
        }

        void note(RepoSpec repo, List<Diagnostic> notes) {
            if (byReason.values().stream().allMatch(c -> c[0] == 0)) return;
            var parts = new ArrayList<String>();
            byReason.forEach((reason, c) -> {
                if (c[0] > 0 || List.of(WorktreeVerdict.DIRTY, WorktreeVerdict.LOCKED, WorktreeVerdict.UNMERGED).contains(reason)) {
                    parts.add(c[0] + " " + reason + " (" + ByteSize.human(c[1]) + ")");
                }
            });
            notes.add(Diagnostic.note(repo.at(), "prune.worktrees", "repo/" + repo.name() + ": kept " + String.join(", ", parts) + " worktrees"));
        }
    }

    /**
     * Removes one planned worktree after judging it again exactly as the plan did: it must still be
     * removable and on the same HEAD. The work tree is removed by handle (no link followed), then
     * git's record of it, as {@code git worktree remove} and {@code prune} would.
     */
    static OpenDir.Removed remove(RepoSpec repo, String id, String plannedHead, boolean gone, List<String> disposable, List<Path> declaredRepos,
                                   WorktreeGit git)
            throws IOException {
        var w = LinkedWorktrees.list(repo.path()).stream().filter(l -> l.id().equals(id)).findFirst().orElse(null);
        if (w == null) return OpenDir.Removed.NONE;
        var verdict = WorktreeVerdict.of(repo, w, disposable, declaredRepos, git);
        OpenDir.Removed removed = OpenDir.Removed.NONE;
        if (gone) {
            if (!verdict.gone()) throw new IOException("worktree/" + repo.name() + "/" + id + ": " + w.path() + " is back; left alone");
        } else {
            if (verdict.keptBecause() != null) {
                throw new IOException("worktree/" + repo.name() + "/" + id + ": now " + verdict.keptBecause() + "; left alone");
            }
            if (!verdict.head().equals(plannedHead)) {
                throw new IOException("worktree/" + repo.name() + "/" + id + ": HEAD moved since the plan was made; left alone");
            }
            try (var entry = TrustedPath.entry(w.path(), false)) {
                removed = entry.dir().removeTree(entry.name());
            }
        }
        try (OpenDir admin = TrustedPath.open(w.adminDir().getParent())) {
            admin.removeTree(id);
        } catch (NoSuchFileException e) {
            // already forgotten
        }
        return removed;
    }
}
