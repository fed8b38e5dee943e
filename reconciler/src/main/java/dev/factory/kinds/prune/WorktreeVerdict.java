package dev.factory.kinds.prune;

import dev.factory.fs.LinkRefused;
import dev.factory.fs.OpenDir;
import dev.factory.fs.TrustedPath;
import dev.factory.git.GitRepos;
import dev.factory.git.LinkedWorktrees;
import dev.factory.git.NoExecFs;
import dev.factory.kinds.repo.RepoSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Whether one linked worktree may be removed, and if not, why. Decided from jgit's reading of the
 * worktree (no git process, nothing written) and its size read by directory handle.
 *
 * @param keptBecause why it stays, or null when it may go
 * @param disposable the ignored build output it holds (node_modules, dist...), removed with it
 */
record WorktreeVerdict(boolean gone, String keptBecause, String head, OpenDir.TreeStat size, Instant lastUsed, List<String> disposable) {
    static final String DIRTY = "dirty", LOCKED = "locked", UNMERGED = "unmerged", LOST = "holding commits no branch or remote has",
            IGNORED = "holding ignored files that are not build output", UNTRUSTED = "untrusted (git's records disagree, or a link)",
            UNREADABLE = "unreadable", OUTSIDE = "outside the declared worktrees dir";
    /** Reflog entries looked at per worktree; older ones are git's to expire. */
    static final int MAX_REFLOG = 10_000;

    private static WorktreeVerdict kept(String why, OpenDir.TreeStat size) {
        return new WorktreeVerdict(false, why, null, size, null, List.of());
    }

    static WorktreeVerdict of(RepoSpec repo, LinkedWorktrees.Linked w, List<String> disposableGlobs, List<Path> declaredRepos) {
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
        try (Repository r = GitRepos.openLinked(w.adminDir(), w.path()); Git git = Git.wrap(r); RevWalk walk = new RevWalk(r)) {
            ObjectId head = r.resolve(Constants.HEAD);
            if (head == null) return kept(UNREADABLE, size);
            var status = git.status().call();
            if (!status.isClean()) return kept(DIRTY, size);
            var disposable = new TreeSet<String>();
            for (String ignored : status.getIgnoredNotInIndex()) {
                String matched = disposableComponent(ignored, disposableGlobs);
                if (matched == null) return kept(IGNORED, size);
                disposable.add(matched);
            }
            ObjectId upstream = r.resolve(Constants.R_REMOTES + "origin/" + repo.branch());
            if (upstream == null || !walk.isMergedInto(walk.parseCommit(head), walk.parseCommit(upstream))) return kept(UNMERGED, size);
            if (holdsLostCommits(r, head)) return kept(LOST, size);
            Instant used = size.newest();
            for (String f : List.of("HEAD", "index")) {
                var t = adminTime(w.adminDir(), f);
                if (t != null && t.isAfter(used)) used = t;
            }
            return new WorktreeVerdict(false, null, head.name(), size, used, List.copyOf(disposable));
        } catch (GitAPIException | IOException | NoExecFs.ProgramRefused | org.eclipse.jgit.api.errors.JGitInternalException e) {
            return kept(UNREADABLE, size);
        }
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

    /** Whether HEAD or anything in HEAD's reflog is a commit no branch, tag or remote-tracking ref contains. */
    static boolean holdsLostCommits(Repository r, ObjectId head) throws IOException {
        var tips = new ArrayList<ObjectId>();
        tips.add(head);
        var reflog = r.getRefDatabase().getReflogReader(Constants.HEAD);
        if (reflog != null) {
            for (var e : reflog.getReverseEntries(MAX_REFLOG)) {
                tips.add(e.getNewId());
                tips.add(e.getOldId());
            }
        }
        try (RevWalk walk = new RevWalk(r)) {
            boolean any = false;
            for (ObjectId id : tips) {
                if (id == null || ObjectId.zeroId().equals(id) || !r.getObjectDatabase().has(id)) continue;
                RevObject o = walk.parseAny(id);
                if (o instanceof RevCommit c) {
                    walk.markStart(c);
                    any = true;
                }
            }
            if (!any) return false;
            for (Ref ref : r.getRefDatabase().getRefsByPrefix(Constants.R_HEADS, Constants.R_REMOTES, Constants.R_TAGS)) {
                ObjectId id = ref.getPeeledObjectId() != null ? ref.getPeeledObjectId() : ref.getObjectId();
                if (id == null) continue;
                RevObject o = walk.peel(walk.parseAny(id));
                if (o instanceof RevCommit c) walk.markUninteresting(c);
            }
            return walk.next() != null;
        }
    }

    /** Entries in the clone's stash (refs/stash is shared by all its worktrees). */
    static int stashes(Path repo) {
        try (Git git = GitRepos.open(repo)) {
            var reflog = git.getRepository().getRefDatabase().getReflogReader(Constants.R_STASH);
            return reflog == null ? 0 : reflog.getReverseEntries().size();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
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
