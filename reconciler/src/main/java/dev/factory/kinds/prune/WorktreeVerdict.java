package dev.factory.kinds.prune;

import dev.factory.fs.LinkRefused;
import dev.factory.fs.OpenDir;
import dev.factory.fs.TrustedPath;
import dev.factory.kinds.repo.RepoSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether one linked worktree may be removed, and if not, why. Decided here, from git's records
 * (read by handle in {@link LinkedWorktrees}), git's reading of the worktree through the
 * {@link WorktreeGit} port, and its size read by directory handle.
 *
 * @param keptBecause why it stays, or null when it may go
 * @param disposable the ignored build output it holds (node_modules, dist...), removed with it
 */
record WorktreeVerdict(boolean gone, String keptBecause, String head, OpenDir.TreeStat size, Instant lastUsed, List<String> disposable) {
    static final String DIRTY = "dirty", LOCKED = "locked", UNMERGED = "unmerged", LOST = "holding commits no branch or remote has",
            IGNORED = "holding ignored files that are not build output", UNTRUSTED = "untrusted (git's records disagree, or a link)",
            UNREADABLE = "unreadable", OUTSIDE = "outside the declared worktrees dir";

    private static WorktreeVerdict kept(String why, OpenDir.TreeStat size) {
        return new WorktreeVerdict(false, why, null, size, null, List.of());
    }

    static WorktreeVerdict of(RepoSpec repo, LinkedWorktrees.Linked w, List<String> disposableGlobs, List<Path> declaredRepos, WorktreeGit reader) {
        if (w.state() == LinkedWorktrees.State.MISMATCHED) return kept(UNTRUSTED, null);
        if (w.state() == LinkedWorktrees.State.GONE) {
            // a locked record stays even when its tree is gone: git's lock means "on a disk not mounted now"
            return w.locked() ? kept(LOCKED, null) : new WorktreeVerdict(true, null, null, null, Instant.EPOCH, List.of());
        }
        for (Path declared : declaredRepos) {
            if (w.path().startsWith(declared) || declared.startsWith(w.path())) return kept(OUTSIDE, null);
        }
        if (repo.worktreesDir() != null && !w.path().startsWith(repo.worktreesDir())) return kept(OUTSIDE, null);
        OpenDir.TreeStat size;
        try (var entry = TrustedPath.entry(w.path(), false)) {
            size = entry.dir().statTree(entry.name());
        } catch (LinkRefused e) {
            return kept(UNTRUSTED, null);
        } catch (IOException e) {
            return kept(w.locked() ? LOCKED : UNREADABLE, null);
        }
        if (w.locked()) return kept(LOCKED, size);
        WorktreeGit.Reading git;
        try {
            git = reader.read(w.adminDir(), w.path(), repo.branch());
        } catch (IOException | RuntimeException e) {
            return kept(UNREADABLE, size);
        }
        if (!git.clean()) return kept(DIRTY, size);
        var disposable = new TreeSet<String>();
        for (String ignored : git.ignored()) {
            String matched = disposableComponent(ignored, disposableGlobs);
            if (matched == null) return kept(IGNORED, size);
            disposable.add(matched);
        }
        if (!git.merged()) return kept(UNMERGED, size);
        if (git.holdsLostCommits()) return kept(LOST, size);
        Instant used = size.newest();
        for (String f : List.of("HEAD", "index")) {
            var t = adminTime(w.adminDir(), f);
            if (t != null && t.isAfter(used)) used = t;
        }
        return new WorktreeVerdict(false, null, git.head(), size, used, List.copyOf(disposable));
    }

    /** The disposable glob one of the path's names matches, or null when none does. */
    static String disposableComponent(String path, List<String> globs) {
        for (String name : path.split("/")) {
            for (String g : globs) {
                if (Glob.compile(g, true).matches(List.of(name))) return g;
            }
        }
        return null;
    }

    private static Instant adminTime(Path adminDir, String name) {
        try (OpenDir admin = TrustedPath.open(adminDir)) {
            return admin.stat(name).map(a -> a.lastModifiedTime().toInstant()).orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    static Set<String> reasons() {
        return Set.of(DIRTY, LOCKED, UNMERGED, LOST, IGNORED, UNTRUSTED, UNREADABLE, OUTSIDE);
    }
}
