package dev.factory.fs;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * File notifications (inotify) for what a long-running process keeps between observations: a
 * unit (a build context, a rendered file) is watched through the directories its observation read,
 * each registered <em>before</em> it is read, and stays {@link #unchanged} until any entry of one
 * of them is created, deleted, written, re-moded or moved, or a directory goes away.
 *
 * <p>Notifications arrive on a thread of the JDK's after the change; {@link #sync} is the barrier
 * that makes them exact: it creates a file in a private directory of its own, watched by the same
 * inotify queue, and takes every notification up to that file's, so every change made before the
 * call has marked its units. A queue overflow, a barrier that does not come back in time, or a
 * watch that could not be set (the user's inotify limit) marks units changed: the fallback is
 * always to read again.
 *
 * <p>A watch only reads; a directory swapped for a link after its walk is an entry replaced in
 * its parent, which is watched too.
 */
public final class DirWatch implements AutoCloseable {
    private static final long BARRIER_SECONDS = 2;

    private final WatchService service;
    private final Path barrierDir;
    private final WatchKey barrierKey;
    private final Map<WatchKey, Set<Object>> unitsByKey = new HashMap<>();
    private final Map<Object, Set<WatchKey>> keysByUnit = new HashMap<>();
    private final Set<Object> changed = new HashSet<>();
    private long barriers;
    private boolean closed;

    private DirWatch(WatchService service, Path barrierDir, WatchKey barrierKey) {
        this.service = service;
        this.barrierDir = barrierDir;
        this.barrierKey = barrierKey;
    }

    public static DirWatch open() throws IOException {
        WatchService service = FileSystems.getDefault().newWatchService();
        try {
            Path barrier = Files.createTempDirectory("factory-watch-");   // 0700, a fresh name: ours alone
            return new DirWatch(service, barrier, barrier.register(service, StandardWatchEventKinds.ENTRY_CREATE));
        } catch (IOException | RuntimeException e) {
            service.close();
            throw e;
        }
    }

    /** Watches {@code dir} for {@code unit}; call it before reading the directory. False when it cannot be watched. */
    public synchronized boolean watch(Object unit, Path dir) {
        if (closed) return false;
        WatchKey key;
        try {
            key = dir.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                    StandardWatchEventKinds.ENTRY_MODIFY);
        } catch (IOException | RuntimeException e) {
            changed.add(unit);   // not watched: never believed unchanged
            return false;
        }
        unitsByKey.computeIfAbsent(key, k -> new HashSet<>()).add(unit);
        keysByUnit.computeIfAbsent(unit, u -> new HashSet<>()).add(key);
        return true;
    }

    /**
     * Takes every notification of a change made before this call (see the class comment). Call it
     * as an observation begins, before asking {@link #unchanged}.
     */
    public synchronized void sync() {
        if (closed) return;
        String name = "b" + (++barriers);
        Path marker = barrierDir.resolve(name);
        try {
            Files.createFile(marker);
        } catch (IOException e) {
            allChanged();
            return;
        }
        try {
            boolean seen = false;
            while (!seen) {
                WatchKey key = service.poll(BARRIER_SECONDS, TimeUnit.SECONDS);
                if (key == null) {
                    allChanged();   // the barrier did not come back: no proof of anything
                    return;
                }
                seen = take(key, name);
            }
            for (WatchKey key = service.poll(); key != null; key = service.poll()) take(key, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            allChanged();
        } catch (ClosedWatchServiceException e) {
            allChanged();
        } finally {
            try {
                Files.deleteIfExists(marker);
            } catch (IOException e) {
                // a stray marker in our own temp dir: harmless
            }
        }
    }

    /** Marks the units of {@code key} changed; true when it carried the barrier named {@code barrier}. */
    private boolean take(WatchKey key, String barrier) {
        boolean seen = false;
        for (var event : key.pollEvents()) {
            if (key == barrierKey) {
                if (barrier != null && event.context() != null && barrier.equals(event.context().toString())) seen = true;
                if (event.kind() == StandardWatchEventKinds.OVERFLOW) allChanged();
            } else if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                allChanged();
            }
        }
        if (key != barrierKey) changed.addAll(unitsByKey.getOrDefault(key, Set.of()));
        if (!key.reset() && key != barrierKey) forgetKey(key);
        return seen;
    }

    /** Whether nothing {@code unit} watches changed since it was watched (as of the last {@link #sync}). */
    public synchronized boolean unchanged(Object unit) {
        if (closed || changed.contains(unit)) return false;
        Set<WatchKey> keys = keysByUnit.get(unit);
        if (keys == null || keys.isEmpty()) return false;
        for (WatchKey key : keys) {
            if (!key.isValid()) return false;
        }
        return true;
    }

    /** Stops watching for {@code unit}, before it is read afresh; a directory no unit watches any more is unwatched. */
    public synchronized void forget(Object unit) {
        changed.remove(unit);
        Set<WatchKey> keys = keysByUnit.remove(unit);
        if (keys == null) return;
        for (WatchKey key : keys) {
            Set<Object> units = unitsByKey.get(key);
            if (units == null) continue;
            units.remove(unit);
            if (units.isEmpty()) {
                unitsByKey.remove(key);
                key.cancel();
            }
        }
    }

    /** How many directories are watched (for the bench and tests). */
    public synchronized int watchedDirectories() {
        return unitsByKey.size();
    }

    private void forgetKey(WatchKey key) {
        Set<Object> units = unitsByKey.remove(key);
        if (units != null) changed.addAll(units);
    }

    private void allChanged() {
        changed.addAll(keysByUnit.keySet());
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        try {
            service.close();
        } catch (IOException e) {
            // closing
        }
        try {
            Files.deleteIfExists(barrierDir);
        } catch (IOException e) {
            // a marker left inside: an empty-ish temp dir of ours
        }
    }
}
