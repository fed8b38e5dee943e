package dev.factory.runtime;

import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Consumer;

/** The last lines of some output, kept while it streams (a failed container's last words). Safe across threads. */
public final class Tail implements Consumer<String> {
    private final int keep;
    private final ArrayDeque<String> lines = new ArrayDeque<>();

    public Tail(int keep) {
        if (keep < 1) throw new IllegalArgumentException("keep at least one line");
        this.keep = keep;
    }

    @Override
    public synchronized void accept(String line) {
        lines.addLast(line);
        if (lines.size() > keep) lines.removeFirst();
    }

    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** The lines joined with {@code " | "}, for one-line error messages. */
    public String joined() {
        return String.join(" | ", lines());
    }
}
