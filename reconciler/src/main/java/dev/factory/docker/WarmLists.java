package dev.factory.docker;

import dev.factory.engine.port.EngineEvent;
import dev.factory.runtime.Timing;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The container and image lists a long-running process (the daemon answering {@code factory plan},
 * bench-plan) keeps between observations, so that a plan does not wait for the engine to walk its
 * whole image store when nothing changed. A list is reused only while the engine itself says
 * nothing happened since it was taken:
 * <ul>
 * <li>the process holds the engine's event stream open, and a stream that drops (the engine
 *     restarted: its event log starts empty) forgets every list;</li>
 * <li>each observation first asks the engine's event log for every event from when the oldest
 *     list was taken (less a second's slack) up to now: the stream may lag a change made a moment
 *     ago, the log does not (the engine logs an event before it answers the call that made it).
 *     Any event that can change a list forgets them all; only a container's exec, attach, resize,
 *     top and copy events cannot.</li>
 * </ul>
 * Only for an engine on a unix socket: the window is in this host's clock.
 */
public final class WarmLists implements AutoCloseable {
    /** Container actions that change nothing a list shows. */
    static final Set<String> INERT = Set.of("attach", "detach", "resize", "top", "archive-path", "export");
    /** How far before a list's call the window starts: a change logged then is counted as not seen. */
    static final long SLACK_NANOS = 1_000_000_000L;

    /** The engine's event log, asked about a window. */
    interface Log {
        /** Whether the engine logged an event that can change a list between the two instants (epoch nanoseconds). */
        boolean changedBetween(long sinceNanos, long untilNanos) throws IOException;
    }

    /** When a list was started (less the slack), in which connection of the stream. */
    public record Mark(long sinceNanos, long connection) {}

    private record Taken(List<?> list, long sinceNanos) {}

    private final String endpoint;
    private final Log log;
    private final LongSupplier clock;
    private final Map<String, Taken> lists = new HashMap<>();
    private long connection;   // one per unbroken connection of the event stream
    private boolean connected;
    private volatile boolean closed;
    private Runnable onClose = () -> { };

    WarmLists(String endpoint, Log log, LongSupplier clock) {
        this.endpoint = endpoint;
        this.log = log;
        this.clock = clock;
    }

    /**
     * Lists for the engine at {@code endpoint}, kept on a connection of their own: a thread holds
     * its event stream open (reconnecting every second while it is down), and the window question
     * goes over the same client.
     */
    public static WarmLists open(String endpoint) {
        DockerGateway gateway = DockerGateway.connect(endpoint);
        var warm = new WarmLists(endpoint, gateway::changedBetween, Timing::epochNanosNow);
        var reader = new Thread(() -> warm.follow(gateway), "warm-lists-events");
        reader.setDaemon(true);
        warm.onClose = () -> {
            reader.interrupt();
            try {
                gateway.close();   // ends the stream's read
            } catch (IOException e) {
                // closing: nothing left to do with it
            }
        };
        reader.start();
        return warm;
    }

    public String endpoint() {
        return endpoint;
    }

    /** Whether {@code event} can change a container or image list (anything but a container's exec, attach, copy...). */
    static boolean changesLists(EngineEvent event) {
        if (!"container".equals(event.type())) return true;
        return !(INERT.contains(event.action()) || event.action().startsWith("exec_"));
    }

    private void follow(DockerGateway gateway) {
        while (!closed) {
            try (EventStream stream = gateway.allEvents()) {
                connected();
                while (!closed && stream.next() != null) {
                    // read to notice the end: the window question decides, not these
                }
            } catch (IOException | RuntimeException e) {
                // the engine went away or the connection dropped: forget, and try again
            }
            disconnected();
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Whether the event stream is connected (lists taken now can be kept). */
    public synchronized boolean following() {
        return connected;
    }

    synchronized void connected() {
        connection++;
        connected = true;
        lists.clear();
    }

    synchronized void disconnected() {
        connection++;
        connected = false;
        lists.clear();
    }

    /**
     * The lists still true for an observation beginning now, by key; none when the stream is down
     * or the engine logged a change since the oldest was taken (then all are forgotten).
     */
    public synchronized Map<String, List<?>> current() {
        if (!connected || lists.isEmpty()) return Map.of();
        long since = Long.MAX_VALUE;
        for (Taken t : lists.values()) since = Math.min(since, t.sinceNanos());
        boolean changed;
        try {
            changed = log.changedBetween(since, clock.getAsLong());
        } catch (IOException | RuntimeException e) {
            changed = true;   // no answer is no proof: list afresh
        }
        if (changed) {
            lists.clear();
            return Map.of();
        }
        var out = new HashMap<String, List<?>>();
        lists.forEach((key, taken) -> out.put(key, taken.list()));
        return out;
    }

    /** Taken just before a list call starts. */
    public synchronized Mark mark() {
        return new Mark(clock.getAsLong() - SLACK_NANOS, connection);
    }

    /**
     * Keeps {@code list} (started at {@code mark}) for later observations, unless the stream
     * dropped or reconnected since the mark; returns the list as kept (unmodifiable).
     */
    public synchronized <T> List<T> keep(String key, Mark mark, List<T> list) {
        List<T> kept = List.copyOf(list);
        if (connected && !closed && mark.connection() == connection) lists.put(key, new Taken(kept, mark.sinceNanos()));
        return kept;
    }

    @Override
    public void close() {
        closed = true;
        synchronized (this) {
            lists.clear();
            connected = false;
        }
        onClose.run();
    }
}
