package dev.factory.plan;

import dev.factory.config.Diagnostic;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one kind contributes to a plan: its changes, findings, a fingerprint per observed object,
 * and the objects of other lineages it saw (left alone).
 */
public record KindPlan(List<Change> changes, List<Diagnostic> diagnostics, Map<String, String> observed, List<Foreign> foreign) {
    public KindPlan {
        changes = List.copyOf(changes);
        diagnostics = List.copyOf(diagnostics);
        observed = Map.copyOf(observed);
        foreign = List.copyOf(foreign);
    }

    public KindPlan(List<Change> changes, List<Diagnostic> diagnostics, Map<String, String> observed) {
        this(changes, diagnostics, observed, List.of());
    }

    public KindPlan withForeign(List<Foreign> more) {
        var all = new ArrayList<>(foreign);
        all.addAll(more);
        return new KindPlan(changes, diagnostics, observed, all);
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
