package dev.factory.plan;

import dev.factory.config.Diagnostic;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The plan as data, rendered to text, JSON and Markdown by the views. {@code observed} holds a
 * fingerprint of each object as it was seen, so a saved plan can be checked for staleness.
 * {@code targeting} is {@link Targeting#ALL} unless the plan was narrowed with --target/--exclude.
 */
public record Plan(int formatVersion, String configDir, String configRevision, String configSubject,
                   Instant createdAt, List<Change> changes, List<Diagnostic> diagnostics, Map<String, String> observed,
                   List<Foreign> foreign, Targeting targeting) {

    public static final int FORMAT_VERSION = 1;

    public Plan {
        changes = List.copyOf(changes);
        diagnostics = List.copyOf(diagnostics);
        observed = Map.copyOf(observed);
        foreign = foreign == null ? List.of() : List.copyOf(foreign);
        targeting = targeting == null ? Targeting.ALL : targeting;
    }

    public Plan(int formatVersion, String configDir, String configRevision, String configSubject,
                Instant createdAt, List<Change> changes, List<Diagnostic> diagnostics, Map<String, String> observed,
                List<Foreign> foreign) {
        this(formatVersion, configDir, configRevision, configSubject, createdAt, changes, diagnostics, observed, foreign, Targeting.ALL);
    }

    public Plan(int formatVersion, String configDir, String configRevision, String configSubject,
                Instant createdAt, List<Change> changes, List<Diagnostic> diagnostics, Map<String, String> observed) {
        this(formatVersion, configDir, configRevision, configSubject, createdAt, changes, diagnostics, observed, List.of());
    }

    public Plan withDiagnostics(List<Diagnostic> more) {
        var all = new java.util.ArrayList<>(diagnostics);
        all.addAll(more);
        return new Plan(formatVersion, configDir, configRevision, configSubject, createdAt, changes, all, observed, foreign, targeting);
    }

    public Map<Action, Integer> summary() {
        var counts = new EnumMap<Action, Integer>(Action.class);
        for (Action a : Action.values()) counts.put(a, 0);
        for (Change c : changes) counts.merge(c.action(), 1, Integer::sum);
        return counts;
    }

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }

    /** Changes apply would act on, plus unknowns: anything that is not confirmed converged. */
    public boolean hasPendingChanges() {
        return changes.stream().anyMatch(c -> c.action() != Action.NO_OP);
    }

    public List<Change> mutating() {
        return changes.stream().filter(c -> c.action().mutates()).toList();
    }
}
