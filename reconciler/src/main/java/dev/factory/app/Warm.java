package dev.factory.app;

import dev.factory.docker.WarmLists;
import dev.factory.fs.DirWatch;
import dev.factory.git.WarmRepos;
import dev.factory.kinds.file.WarmFiles;
import dev.factory.kinds.image.WarmContexts;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * What a long-running process keeps between the plans it makes (the daemon's plan server,
 * bench-plan): each engine's container and image lists ({@link WarmLists}, invalidated by the
 * engine's events), the walked build contexts ({@link WarmContexts}) and the rendered files as
 * read ({@link WarmFiles}), both invalidated by file notifications; the clones and their remote
 * caches open ({@link WarmRepos}: each re-reads what changed, as a fresh open would), and what a
 * clone's status and refs said, reused while its stamp of lstat results is the same
 * ({@link dev.factory.git.WarmClones}); and the
 * inventory as parsed, reused while its file's bytes are the same. Everything else a plan reads
 * afresh (the config's YAML is kept by its loader, by the same rule).
 */
public final class Warm implements AutoCloseable {
    private final Map<String, WarmLists> lists = new HashMap<>();
    private final WarmRepos repos = new WarmRepos();
    private final dev.factory.git.WarmClones clones = new dev.factory.git.WarmClones();
    private final dev.factory.state.Inventory.Kept inventory = new dev.factory.state.Inventory.Kept();
    private DirWatch watch;
    private WarmContexts contexts;
    private WarmFiles files;
    private boolean unwatchable;

    synchronized WarmLists lists(String endpoint) {
        return lists.computeIfAbsent(endpoint, WarmLists::open);
    }

    WarmRepos repos() {
        return repos;
    }

    dev.factory.git.WarmClones clones() {
        return clones;
    }

    dev.factory.state.Inventory.Kept inventory() {
        return inventory;
    }

    /** Null when file notifications are not to be had here (then contexts are walked every time). */
    synchronized WarmContexts contexts() {
        return watch() == null ? null : contexts;
    }

    /** Null when file notifications are not to be had here (then files are read every time). */
    synchronized WarmFiles files() {
        return watch() == null ? null : files;
    }

    private DirWatch watch() {
        if (watch == null && !unwatchable) {
            try {
                watch = DirWatch.open();
                contexts = new WarmContexts(watch);
                files = new WarmFiles(watch);
            } catch (IOException | RuntimeException e) {
                unwatchable = true;
            }
        }
        return watch;
    }

    @Override
    public synchronized void close() {
        lists.values().forEach(WarmLists::close);
        repos.close();
        lists.clear();
        if (watch != null) watch.close();
        watch = null;
        contexts = null;
        files = null;
    }
}
