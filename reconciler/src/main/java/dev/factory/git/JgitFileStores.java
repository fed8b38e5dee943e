package dev.factory.git;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SimpleLruCache;

/**
 * Answers jgit's "which file store holds this directory?" once per device instead of once per
 * directory.
 *
 * <p>jgit asks it for the directory of every file it snapshots (a clone's {@code .git},
 * {@code refs/heads}, {@code refs/remotes/origin}, {@code objects}, a local remote's
 * {@code objects}, and the plan's remote cache of the clone), and Java answers by parsing the whole mount table, which grows by about two
 * lines per running container. With 500 containers and 100 clones that was 500 parses and ~6 s of
 * a cold plan. A file store's timestamp resolution is a property of its filesystem, so one answer
 * per {@code st_dev} is the same answer: this seeds jgit's own per-directory cache with it before
 * a clone is read. If jgit's internals change and the cache cannot be reached, nothing is seeded
 * and jgit asks as before (correct, only slower).
 */
final class JgitFileStores {
    private static final SimpleLruCache<Path, FS.FileStoreAttributes> BY_PATH = jgitCache();
    private static final Map<Object, FS.FileStoreAttributes> BY_DEVICE = new ConcurrentHashMap<>();

    private JgitFileStores() {}

    /** Seeds the directories jgit snapshots while reading the clone at {@code worktree} and fetching from {@code url}. */
    static void seedClone(Path worktree, String url) {
        if (BY_PATH == null) return;
        var dirs = new ArrayList<Path>();
        gitDirs(worktree.resolve(".git"), dirs);
        Path remote = localRemote(url);
        if (remote != null) {
            Path gitDir = Files.isDirectory(remote.resolve(".git")) ? remote.resolve(".git") : remote;
            gitDirs(gitDir, dirs);
        }
        for (Path dir : dirs) seed(dir);
    }

    /** Seeds the directories jgit snapshots while reading the repository whose git dir is {@code gitDir} (a bare one: a plan's remote cache). */
    static void seedGitDir(Path gitDir) {
        if (BY_PATH == null) return;
        var dirs = new ArrayList<Path>();
        gitDirs(gitDir, dirs);
        for (Path dir : dirs) seed(dir);
    }

    private static void gitDirs(Path gitDir, List<Path> out) {
        if (!Files.isDirectory(gitDir, LinkOption.NOFOLLOW_LINKS)) return;
        out.add(gitDir);
        out.add(gitDir.resolve("objects"));
        out.add(gitDir.resolve("objects").resolve("pack"));
        Path refs = gitDir.resolve("refs");
        try (var walk = Files.walk(refs, 6)) {
            walk.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).forEach(out::add);
        } catch (IOException | RuntimeException e) {
            // no refs dir yet: jgit will ask for what it needs
        }
    }

    private static void seed(Path dir) {
        try {
            if (BY_PATH.get(dir) != null) return;
            Object device = Files.getAttribute(dir, "unix:dev", LinkOption.NOFOLLOW_LINKS);
            FS.FileStoreAttributes attributes = BY_DEVICE.get(device);
            if (attributes == null) {
                attributes = FS.getFileStoreAttributes(dir);   // jgit's own answer, once for this device
                BY_DEVICE.putIfAbsent(device, attributes);
            } else {
                BY_PATH.put(dir, attributes);
            }
        } catch (IOException | RuntimeException e) {
            // missing or unreadable: jgit asks as it always did
        }
    }

    private static Path localRemote(String url) {
        try {
            if (url.startsWith("file://")) return Path.of(URI.create(url));
            if (url.startsWith("/")) return Path.of(url);
        } catch (RuntimeException e) {
            return null;
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static SimpleLruCache<Path, FS.FileStoreAttributes> jgitCache() {
        GitRepos.defaults();   // the cache sized first, as for any repository opened
        try {
            Field field = FS.FileStoreAttributes.class.getDeclaredField("attrCacheByPath");
            field.setAccessible(true);
            return (SimpleLruCache<Path, FS.FileStoreAttributes>) field.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
