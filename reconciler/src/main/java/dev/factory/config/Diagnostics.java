package dev.factory.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects diagnostics in the order found; the CLI prints them sorted by file and line. */
public final class Diagnostics {
    private final List<Diagnostic> items = new ArrayList<>();

    public synchronized void add(Diagnostic d) {
        items.add(d);
    }

    public synchronized void addAll(List<Diagnostic> ds) {
        items.addAll(ds);
    }

    public synchronized boolean hasErrors() {
        return items.stream().anyMatch(Diagnostic::isError);
    }

    /** Whether an error was already reported at exactly this place (so a later check can stay quiet). */
    public synchronized boolean hasErrorAt(SourceLocation at) {
        return at != null && items.stream().anyMatch(d -> d.isError() && at.equals(d.location()));
    }

    /** Every diagnostic so far, errors and warnings. */
    public synchronized int size() {
        return items.size();
    }

    public synchronized long errorCount() {
        return items.stream().filter(Diagnostic::isError).count();
    }

    public synchronized List<Diagnostic> sorted() {
        var copy = new ArrayList<>(items);
        copy.sort(Comparator
                .comparing((Diagnostic d) -> d.location() == null ? "" : d.location().file().toString())
                .thenComparingInt(d -> d.location() == null ? 0 : d.location().line())
                .thenComparingInt(d -> d.location() == null ? 0 : d.location().column()));
        return copy;
    }
}
