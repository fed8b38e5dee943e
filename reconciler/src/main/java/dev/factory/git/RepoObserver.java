package dev.factory.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.util.FS;
import dev.factory.kinds.repo.Clones;
import dev.factory.kinds.repo.RepoSpec;
import dev.factory.kinds.repo.RepoState;
import dev.factory.kinds.prune.LinkedWorktrees;

/**
 * Reads a clone's state with jgit. Fetching from the declared URL only moves
 * {@code refs/remotes/origin/*}: never a branch, the index or the work tree. Linked worktrees
 * come from git's own CLI (jgit has no worktree API).
 */
final class RepoObserver {
    static final int FETCH_TIMEOUT_SECONDS = 30;

    static {
        // jgit remembers each directory's file-store attributes in a 100-entry cache; a miss asks
        // Java for the directory's FileStore, which parses the whole mount table (~2 lines per
        // running container). 100 clones touch far more than 100 directories, so the default
        // cache thrashes and a plan's time grows with containers x clones.
        FS.FileStoreAttributes.configureAttributesPathCache(8192, 0.2f);
    }

    private RepoObserver() {}

    /**
     * The clone's state after the fetch asked for. A fetch into the plan's remote cache holds the
     * repo's cache lock throughout (the daemon and a CLI plan, or the daemon's reconcile and a plan
     * it answers, would otherwise empty the cache under each other's fetch).
     */
    static RepoState observe(RepoSpec spec, Clones.Fetch fetch, WarmRepos warm) throws IOException {
        if (fetch.enabled() && fetch.cacheDir() != null) return RemoteCache.locked(spec, fetch.cacheDir(), () -> observeNow(spec, fetch, warm));
        return observeNow(spec, fetch, warm);
    }

    private static RepoState observeNow(RepoSpec spec, Clones.Fetch fetch, WarmRepos warm) throws IOException {
        Path path = spec.path();
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return RepoState.of(RepoState.Presence.MISSING);
        if (Files.isDirectory(path)) {
            try (var entries = Files.list(path)) {
                if (entries.findAny().isEmpty()) return RepoState.of(RepoState.Presence.EMPTY_DIR);
            }
        }
        if (!Files.exists(path.resolve(".git"))) return RepoState.of(RepoState.Presence.NOT_A_REPO);
        // seeded when the clone is opened: a handle kept open has its directories' answers already
        WarmRepos.Opener open = () -> {
            JgitFileStores.seedClone(path, spec.url());
            return GitRepos.openRepository(path);
        };
        try (Repository repo = WarmRepos.open(warm, path.resolve(".git"), open); Git git = Git.wrap(repo)) {
            String origin = repo.getConfig().getString("remote", "origin", "url");
            String fetchError = null;
            ObjectId remote = id(repo, Constants.R_REMOTES + "origin/" + spec.branch());
            Repository counting = repo;
            Repository cache = null;
            java.time.Duration remoteAge = null;
            try {
                if (fetch.enabled()) {
                    try {
                        if (fetch.cacheDir() == null) {
                            git.fetch().setRemote(spec.url()).setTimeout(FETCH_TIMEOUT_SECONDS).setRefSpecs(refSpec(spec)).call();
                            remote = id(repo, Constants.R_REMOTES + "origin/" + spec.branch());
                        } else {
                            var now = java.time.Instant.now();
                            var age = fetch.refresh() ? java.util.Optional.<java.time.Duration>empty() : RemoteCache.fresh(spec, fetch.cacheDir(), now);
                            if (age.isPresent()) {   // within the repo's interval: the last fetch is read, not repeated
                                remoteAge = age.get();
                                cache = RemoteCache.cached(spec, fetch.cacheDir(), warm);
                            } else {
                                cache = RemoteCache.fetch(spec, repo, fetch.cacheDir());
                                RemoteCache.stamp(spec, fetch.cacheDir(), now);
                            }
                            if (cache != null) {
                                ObjectId cached = id(cache, Constants.R_REMOTES + "origin/" + spec.branch());
                                // an apply since fetched a newer head into the clone itself: that one is the fresher view
                                if (remoteAge == null || cached != null && (remote == null || !newer(cache, remote, cached))) remote = cached;
                                counting = cache;
                            }
                        }
                    } catch (GitAPIException | IOException | RuntimeException e) {
                        fetchError = dev.factory.runtime.Errors.rootMessage(e);
                    }
                }
                var status = git.status().call();
                int changed = status.getUncommittedChanges().size() + status.getConflicting().size();
                int untracked = status.getUntracked().size();
                ObjectId local = id(repo, Constants.R_HEADS + spec.branch());
                Ref headRef = repo.exactRef(Constants.HEAD);
                ObjectId head = headRef == null ? null : headRef.getObjectId();
                int behind = 0;
                int ahead = 0;
                if (local != null && remote != null && !local.equals(remote)) {
                    try (RevWalk walk = new RevWalk(counting)) {   // one walk for both counts: its parsed commits are shared
                        behind = count(walk, remote, local);
                        ahead = count(walk, local, remote);
                    }
                }
                String full = headRef == null ? null : headRef.isSymbolic() ? headRef.getTarget().getName() : null;
                String branch = full != null && full.startsWith(Constants.R_HEADS) ? Repository.shortenRefName(full) : null;
                return new RepoState(RepoState.Presence.REPO, origin, branch, head == null ? null : head.name(),
                        remote == null ? null : remote.name(), changed, untracked, ahead, behind, fetchError, worktrees(path), filterDrivers(repo), remoteAge);
            } finally {
                if (cache != null) cache.close();
            }
        } catch (GitAPIException | NoExecFs.ProgramRefused e) {
            throw new IOException("cannot read the status of " + path + ": " + e.getMessage(), e);
        } catch (org.eclipse.jgit.errors.RepositoryNotFoundException e) {
            return RepoState.of(RepoState.Presence.NOT_A_REPO);
        }
    }

    /**
     * The object a full ref name points at, or null: what {@code repo.resolve(name)} answers for a
     * full name, without its search through the ref prefixes and the walk it allocates.
     */
    static ObjectId id(Repository repo, String fullName) throws IOException {
        Ref ref = repo.exactRef(fullName);
        return ref == null ? null : ref.getObjectId();
    }

    /** Filter drivers with a program (clean, smudge, process), from every config jgit reads for the clone. */
    static List<String> filterDrivers(Repository repo) {
        var config = repo.getConfig();
        var out = new ArrayList<String>();
        for (String driver : config.getSubsections("filter")) {
            for (String key : List.of("clean", "smudge", "process")) {
                if (config.getString("filter", driver, key) != null) {
                    out.add(driver);
                    break;
                }
            }
        }
        out.sort(null);
        return out;
    }

    static RefSpec refSpec(RepoSpec spec) {
        return new RefSpec("+refs/heads/" + spec.branch() + ":refs/remotes/origin/" + spec.branch());
    }

    /** Whether {@code candidate} descends from {@code than} (and is not it). */
    static boolean newer(Repository repo, ObjectId candidate, ObjectId than) throws IOException {
        if (candidate.equals(than)) return false;
        try (RevWalk walk = new RevWalk(repo)) {
            return walk.isMergedInto(walk.parseCommit(than), walk.parseCommit(candidate));
        } catch (org.eclipse.jgit.errors.MissingObjectException e) {
            return false;
        }
    }

    /** Commits reachable from {@code from} and not from {@code notFrom}. */
    static int count(RevWalk walk, ObjectId from, ObjectId notFrom) throws IOException {
        walk.reset();
        walk.markStart(walk.parseCommit(from));
        walk.markUninteresting(walk.parseCommit(notFrom));
        int n = 0;
        while (walk.next() != null) n++;
        return n;
    }

    /**
     * Linked worktrees, read from the clone's administrative files as {@code git worktree list}
     * does, by directory handle (no git process, no link followed). Sorted by path.
     */
    static List<String> worktrees(Path repo) {
        var out = new ArrayList<String>();
        try {
            for (var w : LinkedWorktrees.list(repo)) out.add(w.path().toString());
        } catch (IOException e) {
            // unreadable admin files: worktrees are a note, not a decision
        }
        out.sort(null);
        return out;
    }

}
