package dev.factory.plan;

import dev.factory.config.Diagnostic;
import java.util.List;
import java.util.Map;

/** What one kind contributes to a plan: its changes, findings, and a fingerprint per observed object. */
public record KindPlan(List<Change> changes, List<Diagnostic> diagnostics, Map<String, String> observed) {
    public KindPlan {
        changes = List.copyOf(changes);
        diagnostics = List.copyOf(diagnostics);
        observed = Map.copyOf(observed);
    }
}
