package dev.factory.kinds.prune;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The port to git for judging worktrees; {@code dev.factory.git.JgitWorktrees} reads them with
 * jgit, which runs no program the worktree configures and writes nothing (no index refresh).
 */
public interface WorktreeGit {

    /**
     * What git says about one linked worktree. When it is not clean, the other fields are not
     * read (false and empty): a dirty worktree stays whatever else is true.
     *
     * @param head the commit checked out
     * @param ignored ignored paths not in the index, as git status lists them
     * @param merged HEAD is merged into {@code origin/<branch>}
     * @param holdsLostCommits HEAD or its reflog holds a commit no branch, tag or remote ref has
     */
    record Reading(String head, boolean clean, List<String> ignored, boolean merged, boolean holdsLostCommits) {}

    /** Reads the worktree at {@code worktree} whose git records are in {@code adminDir}; throws when git cannot read it. */
    Reading read(Path adminDir, Path worktree, String branch) throws IOException;

    /** Entries in the clone's stash (shared by all its worktrees); 0 when unreadable. */
    int stashes(Path repo);
}
