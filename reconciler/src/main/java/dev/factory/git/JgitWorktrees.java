package dev.factory.git;

import dev.factory.kinds.prune.WorktreeGit;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;

/** Worktrees read with jgit opened by {@link GitRepos}: nothing written, no program run. */
public final class JgitWorktrees implements WorktreeGit {
    /** Reflog entries looked at per worktree; older ones are git's to expire. */
    static final int MAX_REFLOG = 10_000;

    @Override
    public Reading read(Path adminDir, Path worktree, String branch) throws IOException {
        try (Repository r = GitRepos.openLinked(adminDir, worktree); Git git = Git.wrap(r); RevWalk walk = new RevWalk(r)) {
            ObjectId head = r.resolve(Constants.HEAD);
            if (head == null) throw new IOException(worktree + ": HEAD does not resolve");
            var status = git.status().call();
            if (!status.isClean()) return new Reading(head.name(), false, List.of(), false, false);
            ObjectId upstream = r.resolve(Constants.R_REMOTES + "origin/" + branch);
            boolean merged = upstream != null && walk.isMergedInto(walk.parseCommit(head), walk.parseCommit(upstream));
            return new Reading(head.name(), true, List.copyOf(status.getIgnoredNotInIndex()), merged, merged && holdsLostCommits(r, head));
        } catch (GitAPIException | NoExecFs.ProgramRefused | org.eclipse.jgit.api.errors.JGitInternalException e) {
            throw new IOException(worktree + ": " + e.getMessage(), e);
        }
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

    @Override
    public int stashes(Path repo) {
        try (Git git = GitRepos.open(repo)) {
            var reflog = git.getRepository().getRefDatabase().getReflogReader(Constants.R_STASH);
            return reflog == null ? 0 : reflog.getReverseEntries().size();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
