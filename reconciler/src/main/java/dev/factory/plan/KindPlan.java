package dev.factory.plan;

import dev.factory.config.Diagnostic;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What one kind contributes to a plan: its changes, findings, and a fingerprint per observed object. */
public record KindPlan(List<Change> changes, List<Diagnostic> diagnostics, Map<String, String> observed) {
    public KindPlan {
        changes = List.copyOf(changes);
        diagnostics = List.copyOf(diagnostics);
        observed = Map.copyOf(observed);
    }

    /**
     * The engine could not be reached: every declared object is unknown and nothing is planned
     * for deletion (an unreachable engine never reads as "absent").
     */
    public static KindPlan engineUnreachable(Iterable<Address> declared, List<Diagnostic> diagnostics) {
        var changes = new ArrayList<Change>();
        for (Address address : declared) {
            changes.add(new Change(address, Action.UNKNOWN, "the Docker engine is unreachable (see the warning)", null, null, List.of()));
        }
        return new KindPlan(changes, diagnostics, Map.of());
    }
}
