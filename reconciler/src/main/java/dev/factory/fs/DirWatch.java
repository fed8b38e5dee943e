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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * File notifications (inotify) for what a long-running process keeps between observations: a
 * unit (a build context, a rendered file) is watched through the directories its observation read,
 * each registered <em>before</em> it is read, and stays {@link #unchanged} until an entry it
 * watches (any entry of a directory, or one name in it) is created, deleted, written, re-moded or
 * moved, or a directory goes away.
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
    private final Map<WatchKey, Watchers> unitsByKey = new HashMap<>();
    /** Each unit's keys: one {@link WatchKey}, or a {@link Keys} of several (most units watch one directory). */
    private final Map<Object, Object> keysByUnit = new HashMap<>();
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

    /** Watches every entry of {@code dir} for {@code unit}; call it before reading the directory. False when it cannot be watched. */
    public synchronized boolean watch(Object unit, Path dir) {
        return watch(unit, dir, null);
    }

    /**
     * Watches the entry {@code name} of {@code dir} for {@code unit} (every entry when null): a
     * notification about any other entry of the directory leaves the unit unchanged. A unit that
     * depends on a path, not on a directory's listing, watches each directory on the way for the
     * next name only, so a log written beside it does not count as a change.
     */
    public synchronized boolean watch(Object unit, Path dir, String name) {
        if (closed) return false;
        WatchKey key;
        try {
            key = dir.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                    StandardWatchEventKinds.ENTRY_MODIFY);
        } catch (IOException | RuntimeException e) {
            changed.add(unit);   // not watched: never believed unchanged
            return false;
        }
        unitsByKey.computeIfAbsent(key, k -> new Watchers()).add(unit, name);
        keysByUnit.merge(unit, key, DirWatch::withKey);
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
        Watchers watchers = unitsByKey.get(key);
        for (var event : key.pollEvents()) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                allChanged();
            } else if (key == barrierKey) {
                if (barrier != null && event.context() != null && barrier.equals(event.context().toString())) seen = true;
            } else if (watchers != null) {
                watchers.changedBy(event.context() == null ? null : event.context().toString(), changed);
            }
        }
        if (!key.reset() && key != barrierKey) forgetKey(key);
        return seen;
    }

    /** Whether nothing {@code unit} watches changed since it was watched (as of the last {@link #sync}). */
    public synchronized boolean unchanged(Object unit) {
        if (closed || changed.contains(unit)) return false;
        Object keys = keysByUnit.get(unit);
        if (keys == null) return false;
        for (WatchKey key : keys(keys)) {
            if (!key.isValid()) return false;
        }
        return true;
    }

    /** Stops watching for {@code unit}, before it is read afresh; a directory no unit watches any more is unwatched. */
    public synchronized void forget(Object unit) {
        changed.remove(unit);
        Object keys = keysByUnit.remove(unit);
        if (keys == null) return;
        for (WatchKey key : keys(keys)) {
            Watchers watchers = unitsByKey.get(key);
            if (watchers == null) continue;
            if (watchers.remove(unit)) {
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
        Watchers watchers = unitsByKey.remove(key);
        if (watchers != null) watchers.all(changed);
    }

    private void allChanged() {
        changed.addAll(keysByUnit.keySet());
    }

    /** Several keys of one unit (a single one is kept as itself: a set costs ~200 bytes, and there are thousands of units). */
    private static final class Keys extends HashSet<WatchKey> {}

    private static Object withKey(Object keys, Object key) {
        if (keys instanceof Keys several) {
            several.add((WatchKey) key);
            return several;
        }
        if (keys.equals(key)) return keys;
        var several = new Keys();
        several.add((WatchKey) keys);
        several.add((WatchKey) key);
        return several;
    }

    private static Iterable<WatchKey> keys(Object keys) {
        return keys instanceof Keys several ? several : List.of((WatchKey) keys);
    }

    /**
     * The units watching one directory: those that care about every entry, and those that care
     * about one name. Each slot holds nothing (null), one unit as itself, or a {@link Units} of
     * several: thousands of rendered files watch a name each.
     */
    private static final class Watchers {
        private Object any;
        private Map<String, Object> byName;

        /** Several units in one slot (its own class: a unit may be any object, a set included). */
        private static final class Units extends HashSet<Object> {}

        void add(Object unit, String name) {
            if (name == null) {
                any = plus(any, unit);
            } else {
                if (byName == null) byName = new HashMap<>(4);
                byName.put(name, plus(byName.get(name), unit));
            }
        }

        /** Adds to {@code sink} the units a notification about entry {@code name} changes (all of them when the name is unknown). */
        void changedBy(String name, Set<Object> sink) {
            if (name == null) {
                all(sink);
                return;
            }
            addTo(any, sink);
            if (byName != null) addTo(byName.get(name), sink);
        }

        void all(Set<Object> sink) {
            addTo(any, sink);
            if (byName != null) byName.values().forEach(units -> addTo(units, sink));
        }

        /** Removes the unit wherever it watches; true when no unit is left. */
        boolean remove(Object unit) {
            any = minus(any, unit);
            if (byName != null) {
                byName.replaceAll((name, units) -> minus(units, unit));
                byName.values().removeIf(java.util.Objects::isNull);
                if (byName.isEmpty()) byName = null;
            }
            return any == null && byName == null;
        }

        private static Object plus(Object slot, Object unit) {
            if (slot == null) return unit;
            if (slot instanceof Units units) {
                units.add(unit);
                return units;
            }
            if (slot.equals(unit)) return slot;
            var units = new Units();
            units.add(slot);
            units.add(unit);
            return units;
        }

        private static Object minus(Object slot, Object unit) {
            if (slot instanceof Units units) {
                units.remove(unit);
                if (units.size() > 1) return units;
                return units.isEmpty() ? null : units.iterator().next();
            }
            return unit.equals(slot) ? null : slot;
        }

        private static void addTo(Object slot, Set<Object> sink) {
            if (slot instanceof Units units) sink.addAll(units);
            else if (slot != null) sink.add(slot);
        }
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
