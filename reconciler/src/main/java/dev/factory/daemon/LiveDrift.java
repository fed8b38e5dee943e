package dev.factory.daemon;

import dev.factory.docker.DockerGateway;
import dev.factory.docker.EventStream;
import dev.factory.engine.port.EngineEvent;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Live drift: the engine's event stream and file-system notifications for rendered files mark
 * managed objects dirty; once the marks go quiet ({@link Debounce}) they are handed to the daemon,
 * which reconciles just those (with autoApply) or records them as drift. A dropped stream is
 * reopened, retrying every 1 to 5 s; what happened while it was down is unknown, so a reopened
 * stream asks for a full reconcile. The interval's full reconcile stays the safety net.
 */
final class LiveDrift implements AutoCloseable {
    static final Duration QUIET = Duration.ofMillis(400);
    static final Duration MOST = Duration.ofSeconds(2);

    private final String endpoint;
    private final Supplier<Set<String>> declared;
    private final BiConsumer<Set<String>, String> onDirty;
    private final Consumer<String> log;
    private final Debounce debounce = new Debounce(QUIET, MOST);
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> thread(r, "live-drift-ticker"));
    private final Map<String, String> why = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private volatile EventStream stream;
    private volatile DockerGateway current;
    private volatile boolean streaming;
    private WatchService watcher;
    private final Map<WatchKey, Path> watchedDirs = new ConcurrentHashMap<>();
    private volatile Map<Path, String> files = Map.of();

    private final java.util.function.BooleanSupplier busy;

    /**
     * @param busy true while the daemon reconciles: marks are held until it ends, when the ones its
     *     own apply caused are forgotten ({@link #settled}) and the rest handed over
     */
    private final Supplier<String> lineage;

    LiveDrift(String endpoint, Supplier<Set<String>> declared, Supplier<String> lineage, BiConsumer<Set<String>, String> onDirty,
              java.util.function.BooleanSupplier busy, Consumer<String> log) {
        this.lineage = lineage;
        this.busy = busy;
        this.endpoint = endpoint;
        this.declared = declared;
        this.onDirty = onDirty;
        this.log = log;
    }

    private static Thread thread(Runnable r, String name) {
        var t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    void start() {
        thread(this::followEvents, "live-drift-events").start();
        try {
            watcher = FileSystems.getDefault().newWatchService();
            thread(this::followFiles, "live-drift-files").start();
        } catch (IOException e) {
            log.accept("live drift: file notifications unavailable (" + e.getMessage() + "); rendered files are checked on the interval");
        }
        ticker.scheduleWithFixedDelay(this::handOver, 100, 100, TimeUnit.MILLISECONDS);
    }

    /** Whether the event stream is open now (for status and readiness). */
    boolean streaming() {
        return streaming;
    }

    void mark(String what, String cause) {
        why.merge(what, cause, (a, b) -> a);
        debounce.mark(what, System.nanoTime());
    }

    /** See {@link Debounce#forget}: called when an apply ends, with when each change it made ended. */
    void settled(Map<String, Long> ended) {
        debounce.forget(ended);
        why.keySet().retainAll(debounce.marked());
    }

    private void handOver() {
        if (busy.getAsBoolean()) return;
        var due = debounce.take(System.nanoTime());
        if (due.isEmpty()) return;
        var causes = new java.util.ArrayList<String>();
        for (String d : due.contains(Debounce.EVERYTHING) ? Set.copyOf(why.keySet()) : due) {
            String c = why.remove(d);
            if (c != null) causes.add(c);
        }
        try {
            onDirty.accept(due, String.join("; ", causes));
        } catch (RuntimeException e) {
            log.accept("live drift: " + e.getMessage());
        }
    }

    private void followEvents() {
        long since = System.currentTimeMillis() / 1000;   // replays what happened between the ping and the subscription
        boolean opened = false;
        long backoff = 1000;
        String lastError = null;
        while (!closed) {
            try (var gateway = DockerGateway.connect(endpoint)) {
                current = gateway;
                if (closed) break;
                gateway.ping();   // the engine sends the stream's headers with its first event only: the ping says it is there
                streaming = true;
                if (opened) {
                    log.accept("engine event stream reopened; what happened while it was closed is unknown: full reconcile");
                    mark(Debounce.EVERYTHING, "the engine event stream reopened");
                } else {
                    log.accept("watching the engine's events at " + endpoint);
                }
                opened = true;
                var s = gateway.events(EventRules.TYPES, EventRules.ACTIONS, since);
                stream = s;
                lastError = null;
                backoff = 1000;
                EngineEvent e;
                while ((e = s.next()) != null) {
                    if (e.timeNanos() > 0) since = e.timeNanos() / 1_000_000_000L;
                    var dirty = EventRules.dirty(e, declared.get(), lineage.get());
                    if (dirty.isPresent()) {
                        String name = e.attributes().getOrDefault("name", e.id());
                        mark(dirty.get(), e.type() + " " + dev.factory.runtime.Printable.escape(name) + " " + e.action());
                    }
                }
                if (!closed) log.accept("engine event stream ended (the engine closed it); reopening");
            } catch (IOException | RuntimeException e) {
                if (closed) break;
                String message = dev.factory.runtime.Errors.rootMessage(e);
                if (streaming) log.accept("engine event stream ended (" + message + "); reopening");
                else if (!message.equals(lastError)) log.accept("engine event stream: " + message + "; retrying, at most every 5 s");
                lastError = message;
            } finally {
                streaming = false;
                stream = null;
                current = null;
            }
            if (!sleep(backoff)) break;
            backoff = Math.min(backoff * 2, 5_000);
        }
    }

    private boolean sleep(long millis) {
        try {
            Thread.sleep(millis);
            return !closed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The rendered files to watch, by path, with their addresses: each one's directory is watched
     * (never through a link: a directory that is a link is not watched, and its files are then
     * checked on the interval only). Called after each reconcile.
     */
    synchronized void watchFiles(Map<Path, String> byPath) {
        if (watcher == null) return;
        files = Map.copyOf(byPath);
        var dirs = new HashMap<Path, Boolean>();
        byPath.keySet().forEach(p -> dirs.put(p.getParent(), true));
        for (var e : Map.copyOf(watchedDirs).entrySet()) {
            if (!dirs.containsKey(e.getValue())) {
                e.getKey().cancel();
                watchedDirs.remove(e.getKey());
            }
        }
        for (Path dir : dirs.keySet()) {
            if (dir == null || watchedDirs.containsValue(dir)) continue;
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) continue;
            try {
                watchedDirs.put(dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                        StandardWatchEventKinds.ENTRY_MODIFY), dir);
            } catch (IOException e) {
                log.accept("live drift: cannot watch " + dir + ": " + e.getMessage());
            }
        }
    }

    private void followFiles() {
        while (!closed) {
            WatchKey key;
            try {
                key = watcher.take();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            Path dir = watchedDirs.get(key);
            if (dir != null) {
                for (var event : key.pollEvents()) {
                    if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                        files.forEach((p, address) -> { if (dir.equals(p.getParent())) mark(address, "files in " + dir + " changed"); });
                        continue;
                    }
                    Path changed = dir.resolve((Path) event.context());
                    String address = files.get(changed);
                    if (address != null) mark(address, changed + (event.kind() == StandardWatchEventKinds.ENTRY_DELETE ? " deleted" : " changed"));
                }
            }
            if (!key.reset()) {   // the directory went away: its files are missing now
                watchedDirs.remove(key);
                if (dir != null) files.forEach((p, address) -> { if (dir.equals(p.getParent())) mark(address, dir + " removed"); });
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        ticker.shutdownNow();
        var s = stream;
        if (s != null) s.close();
        var g = current;   // a subscription still waiting for its first event holds the connection: closing the client ends it
        if (g != null) {
            try {
                g.close();
            } catch (IOException | RuntimeException e) {
                // closing
            }
        }
        if (watcher != null) {
            try {
                watcher.close();
            } catch (IOException e) {
                // closing
            }
        }
    }
}
