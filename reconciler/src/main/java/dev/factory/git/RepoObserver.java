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

    private RepoObserver() {}

    /**
     * The clone's state after the fetch asked for. A fetch into the plan's remote cache holds the
     * repo's cache lock throughout (the daemon and a CLI plan, or the daemon's reconcile and a plan
     * it answers, would otherwise empty the cache under each other's fetch). With {@code kept}, the
     * clone's own files are read again only when their stamp changed ({@link WarmClones}); a fetch
     * into the clone (apply's) never uses it.
     */
    static RepoState observe(RepoSpec spec, Clones.Fetch fetch, WarmRepos warm, WarmClones.Round kept) throws IOException {
        WarmClones.Round keeper = fetch.enabled() && fetch.cacheDir() == null ? null : kept;
        if (fetch.enabled() && fetch.cacheDir() != null) return RemoteCache.locked(spec, fetch.cacheDir(), () -> observeNow(spec, fetch, warm, keeper));
        return observeNow(spec, fetch, warm, keeper);
    }

    /** The clone's repository, opened (or taken from the warm ones) only when something needs it. */
    private static final class Handle implements AutoCloseable {
        private final WarmRepos warm;
        private final Path gitDir;
        private final WarmRepos.Opener opener;
        private Repository repo;

        Handle(WarmRepos warm, Path gitDir, WarmRepos.Opener opener) {
            this.warm = warm;
            this.gitDir = gitDir;
            this.opener = opener;
        }

        Repository get() throws IOException {
            if (repo == null) repo = WarmRepos.open(warm, gitDir, opener);
            return repo;
        }

        @Override
        public void close() {
            if (repo != null) repo.close();
        }
    }

    private static RepoState observeNow(RepoSpec spec, Clones.Fetch fetch, WarmRepos warm, WarmClones.Round kept) throws IOException {
        Path path = spec.path();
        if (!Files.exists(path.resolve(".git"))) return absent(path);   // the usual case first: one access() for a clone
        // seeded when the clone is opened: a handle kept open has its directories' answers already
        WarmRepos.Opener open = () -> {
            JgitFileStores.seedClone(path, spec.url());
            return GitRepos.openRepository(path);
        };
        // with kept reads, a clone is opened only when it changed: its handle is not kept (what is kept is the read)
        try (Handle clone = new Handle(kept == null ? warm : null, path.resolve(".git"), open)) {
            WarmClones.Local local = kept == null ? readLocal(spec, clone.get()) : kept.local(path, spec.branch(), () -> readLocal(spec, clone.get()));
            String fetchError = null;
            ObjectId remote = local.cloneRemote() == null ? null : ObjectId.fromString(local.cloneRemote());
            Repository counting = null;   // the clone's own objects, unless a cache holds the remote's
            Repository cache = null;
            java.time.Duration remoteAge = null;
            try {
                if (fetch.enabled()) {
                    try {
                        if (fetch.cacheDir() == null) {
                            Git.wrap(clone.get()).fetch().setRemote(spec.url()).setTimeout(FETCH_TIMEOUT_SECONDS).setRefSpecs(refSpec(spec)).call();
                            remote = id(clone.get(), Constants.R_REMOTES + "origin/" + spec.branch());
                        } else {
                            var now = java.time.Instant.now();
                            var fetched = fetch.refresh() ? java.util.Optional.<RemoteCache.Fetched>empty() : RemoteCache.fresh(spec, fetch.cacheDir(), now);
                            if (fetched.isPresent()) {   // within the repo's interval: the last fetch is read, not repeated
                                remoteAge = fetched.get().age();
                                ObjectId head = fetched.get().head();
                                boolean counts = head != null && local.localId() != null && !local.localId().equals(head.name())
                                        && (kept == null || kept.counts(path, local.localId(), head.name()) == null);
                                if (head != null && (remote == null || remote.equals(head)) && !counts && RemoteCache.exists(spec, fetch.cacheDir())) {
                                    remote = head;   // what the cache's ref says (its stamp names it): nothing to count in it, so not opened
                                } else {
                                    // opened for its counts, which the kept reads then remember: its handle is not kept either
                                    cache = RemoteCache.cached(spec, fetch.cacheDir(), kept == null ? warm : null);
                                }
                            } else {
                                cache = RemoteCache.fetch(spec, clone.get(), fetch.cacheDir());
                                RemoteCache.stamp(spec, fetch.cacheDir(), now, id(cache, Constants.R_REMOTES + "origin/" + spec.branch()));
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
                int behind = 0;
                int ahead = 0;
                if (local.localId() != null && remote != null && !local.localId().equals(remote.name())) {
                    // a shallow clone's counts stop at its boundary, which a deepening moves under the same two ids: not kept
                    // (java.io.File: no exception for the usual absent file; a link is followed, as jgit reads it)
                    boolean keepCounts = kept != null && !path.resolve(".git").resolve("shallow").toFile().exists();
                    WarmClones.Counts counted = keepCounts ? kept.counts(path, local.localId(), remote.name()) : null;
                    if (counted == null) {
                        ObjectId localId = ObjectId.fromString(local.localId());
                        try (RevWalk walk = new RevWalk(counting != null ? counting : clone.get())) {   // one walk for both counts: its parsed commits are shared
                            counted = new WarmClones.Counts(local.localId(), remote.name(), count(walk, localId, remote), count(walk, remote, localId));
                        }
                        if (keepCounts) kept.counts(path, counted);
                    }
                    behind = counted.behind();
                    ahead = counted.ahead();
                }
                return new RepoState(RepoState.Presence.REPO, local.origin(), local.branch(), local.head(),
                        remote == null ? null : remote.name(), local.changed(), local.untracked(), ahead, behind, fetchError,
                        local.worktrees(), local.filterDrivers(), remoteAge);
            } finally {
                if (cache != null) cache.close();
            }
        } catch (NoExecFs.ProgramRefused e) {
            throw new IOException("cannot read the status of " + path + ": " + e.getMessage(), e);
        } catch (org.eclipse.jgit.errors.RepositoryNotFoundException e) {
            return RepoState.of(RepoState.Presence.NOT_A_REPO);
        }
    }

    /** What is at a clone's path that has no {@code .git}: nothing, an empty directory, or something else. */
    private static RepoState absent(Path path) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return RepoState.of(RepoState.Presence.MISSING);
        if (Files.isDirectory(path)) {
            try (var entries = Files.list(path)) {
                if (entries.findAny().isEmpty()) return RepoState.of(RepoState.Presence.EMPTY_DIR);
            }
        }
        return RepoState.of(RepoState.Presence.NOT_A_REPO);
    }

    /** What the clone's own files say: its origin, status, refs for the declared branch, worktrees and filter drivers. */
    private static WarmClones.Local readLocal(RepoSpec spec, Repository repo) throws IOException {
        var config = repo.getConfig();
        String origin = config.getString("remote", "origin", "url");
        org.eclipse.jgit.api.Status status;
        try {
            status = Git.wrap(repo).status().call();
        } catch (GitAPIException e) {
            throw new IOException("cannot read the status of " + spec.path() + ": " + e.getMessage(), e);
        }
        int changed = status.getUncommittedChanges().size() + status.getConflicting().size();
        int untracked = status.getUntracked().size();
        ObjectId local = id(repo, Constants.R_HEADS + spec.branch());
        ObjectId cloneRemote = id(repo, Constants.R_REMOTES + "origin/" + spec.branch());
        Ref headRef = repo.exactRef(Constants.HEAD);
        ObjectId head = headRef == null ? null : headRef.getObjectId();
        String full = headRef == null ? null : headRef.isSymbolic() ? headRef.getTarget().getName() : null;
        String branch = full != null && full.startsWith(Constants.R_HEADS) ? Repository.shortenRefName(full) : null;
        String excludes = config.getString("core", null, "excludesfile");
        var inputs = new CloneStamp.Inputs(java.util.Set.copyOf(status.getIgnoredNotInIndex()), excludes == null ? null : excludesFile(excludes), full);
        return new WarmClones.Local(spec.branch(), origin, branch, head == null ? null : head.name(), local == null ? null : local.name(),
                cloneRemote == null ? null : cloneRemote.name(), changed, untracked, worktrees(spec.path()), filterDrivers(repo), inputs);
    }

    /** {@code core.excludesFile} as jgit reads it: {@code ~/} is the user's home. */
    static Path excludesFile(String value) {
        return value.startsWith("~/") ? Path.of(System.getProperty("user.home"), value.substring(2)) : Path.of(value);
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
