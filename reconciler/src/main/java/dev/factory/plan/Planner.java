package dev.factory.plan;

import dev.factory.config.Desired;
import dev.factory.config.Diagnostic;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** Puts the kinds' contributions together into one plan stamped with the config revision. */
public final class Planner {
    private Planner() {}

    public static Plan plan(Desired desired, List<ResourceKind> kinds, List<Diagnostic> configDiagnostics) {
        var changes = new ArrayList<Change>();
        var diagnostics = new ArrayList<>(configDiagnostics);
        var observed = new TreeMap<String, String>();
        var earlier = new java.util.LinkedHashMap<Address, Change>();
        for (ResourceKind kind : kinds) {
            KindPlan part = kind.plan(desired, java.util.Collections.unmodifiableMap(earlier));
            part.changes().forEach(c -> earlier.put(c.address(), c));
            changes.addAll(part.changes());
            diagnostics.addAll(part.diagnostics());
            observed.putAll(part.observed());
        }
        var revision = desired.revision();
        return new Plan(Plan.FORMAT_VERSION, desired.configDir().toString(),
                revision == null ? null : revision.sha(), revision == null ? null : revision.subject(),
                Instant.now(), changes, diagnostics, observed);
    }
}
