package dev.factory.notify;

import dev.factory.state.Records;
import dev.factory.state.StateDir;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The conditions that hold, and what changed: an alert fires once when a condition starts to hold
 * and once when it clears, never again while it holds. Kept in {@code STATE/daemon/alerts.json},
 * so a restarted daemon does not fire again what it already said.
 */
public final class Alerts {
    public enum State { FIRING, CLEARED, EVENT }

    /** One message line: a condition about a subject (an address, a job, a disk...) that started, cleared or happened. */
    public record Alert(Condition condition, String subject, State state, String text, Instant since, Instant at) {}

    /** A condition holding, as kept. */
    public record Active(Condition condition, String subject, String text, Instant since) {}

    /** The file's shape. */
    public record Ledger(List<Active> active) {}

    private final Map<String, Active> active = new TreeMap<>();

    public Alerts(Collection<Active> holding) {
        holding.forEach(a -> active.put(key(a.condition(), a.subject()), a));
    }

    private static String key(Condition c, String subject) {
        return c.word() + ":" + subject;
    }

    /**
     * What {@code c} holds for now, by subject with its text. The observation speaks for the subjects
     * {@code within} accepts (a job's run speaks for that job only): those held before and not now clear.
     */
    public synchronized List<Alert> observe(Condition c, Map<String, String> holding, Predicate<String> within, Instant now) {
        var out = new ArrayList<Alert>();
        for (var e : new TreeMap<>(holding).entrySet()) {
            if (!within.test(e.getKey())) continue;
            String k = key(c, e.getKey());
            if (!active.containsKey(k)) {
                active.put(k, new Active(c, e.getKey(), e.getValue(), now));
                out.add(new Alert(c, e.getKey(), State.FIRING, e.getValue(), now, now));
            }
        }
        for (var a : List.copyOf(active.values())) {
            if (a.condition() == c && within.test(a.subject()) && !holding.containsKey(a.subject())) {
                active.remove(key(c, a.subject()));
                out.add(new Alert(c, a.subject(), State.CLEARED, a.text(), a.since(), now));
            }
        }
        return out;
    }

    /** Every subject of {@code c}: see {@link #observe(Condition, Map, Predicate, Instant)}. */
    public List<Alert> observe(Condition c, Map<String, String> holding, Instant now) {
        return observe(c, holding, s -> true, now);
    }

    /** A one-off happening (an apply that changed something): no state, nothing to clear. */
    public static Alert event(Condition c, String subject, String text, Instant now) {
        return new Alert(c, subject, State.EVENT, text, now, now);
    }

    /** One alert in a line, as the log and Slack show it. */
    public static String line(Alert a) {
        return Messages.line(a);
    }

    public synchronized List<Active> active() {
        return List.copyOf(active.values());
    }

    static Path file(StateDir state) {
        return state.root().resolve("daemon").resolve("alerts.json");
    }

    /** The conditions a previous daemon left holding; none when the file is missing or unreadable. */
    public static Alerts read(StateDir state) {
        try {
            Ledger l = Records.read(file(state), Ledger.class);
            return new Alerts(l == null || l.active() == null ? List.of() : l.active());
        } catch (IOException | RuntimeException e) {
            return new Alerts(List.of());
        }
    }

    public void write(StateDir state) throws IOException {
        Records.write(file(state), new Ledger(active()));
    }
}
