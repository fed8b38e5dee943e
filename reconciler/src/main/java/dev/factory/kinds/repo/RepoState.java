package dev.factory.kinds.repo;

import java.util.List;

/**
 * A clone as observed on disk, after a fetch from the declared URL. Counts are against
 * {@code origin/<branch>}; {@code fetchError} is set when the remote could not be reached.
 */
public record RepoState(Presence presence, String originUrl, String currentBranch, String head, String remoteHead,
                        int changed, int untracked, int ahead, int behind, String fetchError, List<String> worktrees,
                        List<String> filterDrivers, java.time.Duration remoteAge) {

    /** @param remoteAge how old the fetch the counts are against is, when a plan reused one; null when fetched now */
    public RepoState(Presence presence, String originUrl, String currentBranch, String head, String remoteHead,
                     int changed, int untracked, int ahead, int behind, String fetchError, List<String> worktrees,
                     List<String> filterDrivers) {
        this(presence, originUrl, currentBranch, head, remoteHead, changed, untracked, ahead, behind, fetchError, worktrees, filterDrivers, null);
    }

    /** @param filterDrivers filter drivers the clone's config names a program for: a checkout would need them */
    public RepoState(Presence presence, String originUrl, String currentBranch, String head, String remoteHead,
                     int changed, int untracked, int ahead, int behind, String fetchError, List<String> worktrees) {
        this(presence, originUrl, currentBranch, head, remoteHead, changed, untracked, ahead, behind, fetchError, worktrees, List.of());
    }

    public enum Presence { MISSING, EMPTY_DIR, NOT_A_REPO, REPO }

    public static RepoState of(Presence presence) {
        return new RepoState(presence, null, null, null, null, 0, 0, 0, 0, null, List.of());
    }

    public boolean dirty() {
        return changed > 0 || untracked > 0;
    }

    /** A fingerprint for saved plans: what a fast-forward or origin fix would act on. */
    public String fingerprint() {
        return presence + ":" + head + ":" + remoteHead + ":" + originUrl + ":" + changed + ":" + untracked;
    }
}
