package dev.factory.git;

import dev.factory.fs.TrustedPath;
import dev.factory.kinds.repo.RepoSpec;
import dev.factory.state.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;

/**
 * Where a plan fetches a clone's remote: a bare repository per repo under
 * {@code STATE/cache/remotes/NAME.git} whose {@code objects/info/alternates} names the clone's
 * object store. The fetch negotiates with the clone's refs, so only new objects are downloaded,
 * and lands in the state dir: the clone's refs, objects and {@code FETCH_HEAD} are not written by
 * a plan. Once apply has fetched the same head into the clone, the cache is emptied and starts
 * over. Safe to delete at any time.
 */
final class RemoteCache {
    private RemoteCache() {}

    /** What runs under a repo's cache lock. */
    interface Locked<T> {
        T run() throws IOException;
    }

    private static final java.util.concurrent.ConcurrentHashMap<Path, java.util.concurrent.locks.ReentrantLock> IN_PROCESS =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Runs {@code body} holding {@code NAME.lock} beside the repo's cache: a lock between threads
     * (the daemon's reconcile and a plan it answers) and an advisory file lock between processes
     * (the daemon and a CLI plan). The lock file is opened without following a link.
     */
    static <T> T locked(RepoSpec spec, Path cacheRoot, Locked<T> body) throws IOException {
        return locked(spec.name(), cacheRoot, body);
    }

    private static <T> T locked(String name, Path cacheRoot, Locked<T> body) throws IOException {
        Path lockFile = cacheRoot.resolve(name + ".lock").toAbsolutePath().normalize();
        var inProcess = IN_PROCESS.computeIfAbsent(lockFile, k -> new java.util.concurrent.locks.ReentrantLock());
        inProcess.lock();
        try {
            // once there, not created again: createDirectories throws and catches an exception for a directory that exists
            if (!Files.isDirectory(cacheRoot, java.nio.file.LinkOption.NOFOLLOW_LINKS)) Files.createDirectories(cacheRoot);
            try (var channel = java.nio.channels.FileChannel.open(lockFile, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS);
                 var held = channel.lock()) {
                return body.run();
            }
        } finally {
            inProcess.unlock();
        }
    }

    /** A repo's name (schema: $defs/name) and what its cache holds: the bare repository, or the stamp of its last fetch. */
    private static final java.util.regex.Pattern CACHE_ENTRY = java.util.regex.Pattern.compile("([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)\\.(git|fetched)");

    /**
     * Deletes the caches of every repo but {@code declared} (names): {@code NAME.git}, by handle
     * and without following a link, and {@code NAME.fetched}, each under the repo's lock. The empty
     * {@code NAME.lock} stays: a process waiting on it must find the same file. Anything else in
     * {@code cacheRoot} is left.
     */
    static void retain(Path cacheRoot, java.util.Set<String> declared) {
        if (!Files.isDirectory(cacheRoot, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        var gone = new java.util.TreeSet<String>();
        try (var entries = Files.newDirectoryStream(cacheRoot)) {
            for (Path entry : entries) {
                var m = CACHE_ENTRY.matcher(entry.getFileName().toString());
                if (m.matches() && !declared.contains(m.group(1))) gone.add(m.group(1));
            }
        } catch (IOException | java.nio.file.DirectoryIteratorException e) {
            return;   // unreadable: nothing pruned this time
        }
        for (String name : gone) {
            try {
                locked(name, cacheRoot, () -> {
                    Files.deleteIfExists(cacheRoot.resolve(name + ".fetched"));   // the stamp first: it describes the cache
                    TrustedPath.removeTree(cacheRoot.resolve(name + ".git"));
                    return null;
                });
            } catch (IOException | RuntimeException e) {
                // left for the next plan: a cache costs only disk
            }
        }
    }

    /** Fetches {@code spec}'s branch into the cache and returns the cache, open (the caller closes it). */
    static Repository fetch(RepoSpec spec, Repository clone, Path cacheRoot) throws IOException, GitAPIException {
        String name = spec.name() + ".git";
        Path dir = cacheRoot.resolve(name);
        Path objects = clone.getDirectory().toPath().resolve("objects").toAbsolutePath().normalize();
        JgitFileStores.seedGitDir(dir);   // before jgit reads the cache's refs below (a mount-table parse each, unseeded)
        if (Files.isDirectory(dir) && cloneCaughtUp(dir, clone, spec)) {
            Files.deleteIfExists(stampFile(spec, cacheRoot));   // the stamp describes the cache: it goes with it
            TrustedPath.removeTree(dir);
        }
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(cacheRoot);
            GitRepos.init().setBare(true).setDirectory(dir.toFile()).call().close();
        }
        AtomicFiles.write(dir.resolve("objects").resolve("info").resolve("alternates"), (objects + "\n").getBytes(StandardCharsets.UTF_8));
        // the fetch writes the branch's ref here, then jgit asks which file store holds the directory: made
        // first, it is seeded with the rest (else one mount-table parse a fetch into a fresh cache: 100 of
        // them in a refreshing plan of the 1,000-object scenario, ~1,000 lines each with its 500 containers)
        Path refDir = dir.resolve("refs/remotes/origin/" + spec.branch()).normalize().getParent();
        if (refDir != null && refDir.startsWith(dir)) Files.createDirectories(refDir);
        JgitFileStores.seedGitDir(dir);
        Repository cache = GitRepos.openGitDir(dir);
        try {
            Git.wrap(cache).fetch().setRemote(spec.url()).setTimeout(RepoObserver.FETCH_TIMEOUT_SECONDS).setRefSpecs(RepoObserver.refSpec(spec)).call();
            return cache;
        } catch (GitAPIException | RuntimeException e) {
            cache.close();
            throw e;
        }
    }

    /** {@code NAME.fetched} beside the cache: when its last fetch succeeded, of which URL and branch. */
    static Path stampFile(RepoSpec spec, Path cacheRoot) {
        return cacheRoot.resolve(spec.name() + ".fetched");
    }

    /** Records a fetch of {@code spec}'s remote at {@code at} that left the cache's branch at {@code head} (null: none). */
    static void stamp(RepoSpec spec, Path cacheRoot, java.time.Instant at, ObjectId head) throws IOException {
        String text = spec.url() + "\n" + spec.branch() + "\n" + at.toEpochMilli() + "\n" + (head == null ? "" : head.name()) + "\n";
        AtomicFiles.write(stampFile(spec, cacheRoot), text.getBytes(StandardCharsets.UTF_8));
    }

    /** A fetch young enough to reuse: how old it is, and the head it left in the cache (null when its stamp does not say). */
    record Fetched(java.time.Duration age, ObjectId head) {}

    /**
     * The last fetch of this URL and branch, when younger than {@code spec.interval()}: a plan may
     * read it instead of fetching. Empty when there is none, it is older, or it was of another URL
     * or branch (the config changed since).
     */
    static java.util.Optional<Fetched> fresh(RepoSpec spec, Path cacheRoot, java.time.Instant now) {
        try {
            // a few dozen bytes: read whole (readAllLines' reader takes 24 KB of buffers a call, once per repo per plan)
            var lines = Files.readString(stampFile(spec, cacheRoot), StandardCharsets.UTF_8).lines().toList();
            if (lines.size() < 3 || !lines.get(0).equals(spec.url()) || !lines.get(1).equals(spec.branch())) return java.util.Optional.empty();
            var age = java.time.Duration.between(java.time.Instant.ofEpochMilli(Long.parseLong(lines.get(2))), now);
            if (age.isNegative() || age.compareTo(spec.interval()) >= 0) return java.util.Optional.empty();
            ObjectId head = lines.size() > 3 && ObjectId.isId(lines.get(3)) ? ObjectId.fromString(lines.get(3)) : null;
            return java.util.Optional.of(new Fetched(age, head));
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /** Whether the repo's cache is there (a stamp without it names objects nobody holds). */
    static boolean exists(RepoSpec spec, Path cacheRoot) {
        return Files.isDirectory(cacheRoot.resolve(spec.name() + ".git"), java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    /** The cache as the last fetch left it, open (the caller closes it); null when there is none (the clone's refs hold it). */
    static Repository cached(RepoSpec spec, Path cacheRoot, WarmRepos warm) throws IOException {
        Path dir = cacheRoot.resolve(spec.name() + ".git");
        if (!Files.isDirectory(dir)) return null;
        return WarmRepos.open(warm, dir, () -> {
            JgitFileStores.seedGitDir(dir);
            return GitRepos.openGitDir(dir);
        });
    }

    /** The clone already holds the head the cache fetched last: the cache's objects are duplicates. */
    private static boolean cloneCaughtUp(Path dir, Repository clone, RepoSpec spec) {
        try (Repository cache = GitRepos.openGitDir(dir)) {
            ObjectId cached = cache.resolve(Constants.R_REMOTES + "origin/" + spec.branch());
            return cached == null || clone.getObjectDatabase().has(cached);
        } catch (IOException | RuntimeException e) {
            return true;   // unreadable: start over
        }
    }
}
