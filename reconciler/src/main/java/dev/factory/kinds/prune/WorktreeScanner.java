package dev.factory.kinds.prune;

import dev.factory.config.Age;
import dev.factory.config.ByteSize;
import dev.factory.config.Diagnostic;
import dev.factory.kinds.repo.RepoSpec;
import dev.factory.plan.Address;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Linked worktrees of a declared repo that may go: HEAD an ancestor of {@code origin/<branch>},
 * no changes and no untracked files, not locked, optionally past an age. Dirty, locked and
 * unmerged worktrees are counted in a note and never become candidates.
 */
final class WorktreeScanner {
    static final String KIND = "worktree";

    record Entry(Path path, String head, boolean locked, boolean prunable) {}

    private WorktreeScanner() {}

    static void scan(RepoSpec repo, Age olderThan, Instant now, List<Candidate> out, List<Diagnostic> notes) throws IOException {
        if (!Files.isDirectory(repo.path().resolve(".git"))) return;
        var entries = list(repo.path());
        long[] dirty = {0, 0}, locked = {0, 0}, unmerged = {0, 0};
        String upstream = "origin/" + repo.branch();
        for (Entry e : entries) {
            Address address = Address.of(KIND, repo.name() + "/" + e.path().getFileName());
            if (e.prunable() || !Files.isDirectory(e.path())) {
                out.add(new Candidate(address, "worktree " + e.path() + " is gone: prune git's record of it", 0, Instant.EPOCH, true,
                        Map.of("repo", repo.path().toString(), "path", e.path().toString(), "gone", true)));
                continue;
            }
            var stat = Trees.stat(e.path());
            Instant time = lastUsed(e.path(), stat.newest());
            if (e.locked()) {
                count(locked, stat.bytes());
                continue;
            }
            boolean merged = GitRunner.git(repo.path(), "merge-base", "--is-ancestor", e.head(), upstream).exitCode() == 0;
            var status = GitRunner.git(e.path(), "status", "--porcelain");
            if (status.exitCode() != 0 || !status.out().isEmpty()) {
                count(dirty, stat.bytes());
                continue;
            }
            if (!merged) {
                count(unmerged, stat.bytes());
                continue;
            }
            boolean due = olderThan == null || time.isBefore(now.minus(olderThan.duration()));
            out.add(new Candidate(address, "worktree " + e.path() + " is merged into " + upstream + " and clean"
                    + (olderThan == null ? "" : ", unused for " + olderThan + " or more"), stat.bytes(), time, due,
                    Map.of("repo", repo.path().toString(), "path", e.path().toString(), "head", e.head())));
        }
        if (dirty[0] + locked[0] + unmerged[0] > 0) {
            notes.add(Diagnostic.note(repo.at(), "prune.worktrees", "repo/" + repo.name() + ": kept " + dirty[0] + " dirty ("
                    + ByteSize.human(dirty[1]) + "), " + locked[0] + " locked (" + ByteSize.human(locked[1]) + "), " + unmerged[0]
                    + " unmerged (" + ByteSize.human(unmerged[1]) + ") worktrees"));
        }
    }

    private static void count(long[] c, long bytes) {
        c[0]++;
        c[1] += bytes;
    }

    /** The newer of the tree's newest file and git's own record of the worktree (its HEAD and index). */
    private static Instant lastUsed(Path worktree, Instant newest) throws IOException {
        Path dotGit = worktree.resolve(".git");
        Instant t = newest;
        if (Files.isRegularFile(dotGit)) {
            String gitdir = Files.readString(dotGit).strip().replaceFirst("^gitdir: ", "");
            for (String f : new String[] {"HEAD", "index"}) {
                Path p = worktree.resolve(gitdir).resolve(f);
                if (Files.exists(p) && Files.getLastModifiedTime(p).toInstant().isAfter(t)) t = Files.getLastModifiedTime(p).toInstant();
            }
        }
        return t;
    }

    static List<Entry> list(Path repo) {
        var result = GitRunner.git(repo, "worktree", "list", "--porcelain");
        var out = new ArrayList<Entry>();
        if (result.exitCode() != 0) return out;
        Path path = null;
        String head = null;
        boolean locked = false, prunable = false, first = true;
        for (String line : (result.out() + "\n\n").split("\n", -1)) {
            if (line.startsWith("worktree ")) path = Path.of(line.substring(9));
            else if (line.startsWith("HEAD ")) head = line.substring(5);
            else if (line.equals("locked") || line.startsWith("locked ")) locked = true;
            else if (line.equals("prunable") || line.startsWith("prunable ")) prunable = true;
            else if (line.isBlank() && path != null) {
                if (!first) out.add(new Entry(path, head, locked, prunable));
                first = false;
                path = null;
                head = null;
                locked = false;
                prunable = false;
            }
        }
        return out;
    }

    /** Removes one worktree with git's own safety checks (no --force: a dirty or locked one is refused). */
    static void remove(Path repo, Path worktree, boolean gone) throws IOException {
        var r = gone ? GitRunner.git(repo, "worktree", "prune") : GitRunner.git(repo, "worktree", "remove", worktree.toString());
        if (r.exitCode() != 0) throw new IOException("git worktree " + (gone ? "prune" : "remove " + worktree) + " refused: " + r.out());
    }
}
