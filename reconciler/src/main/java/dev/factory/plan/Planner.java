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

    /**
     * Plans every kind, in parallel stages: a kind starts once the kinds it reads ({@link
     * ResourceKind#plannedAfter()}) are planned. The plan lists changes in registration order.
     */
    public static Plan plan(Desired desired, List<ResourceKind> kinds, List<Diagnostic> configDiagnostics) {
        var parts = new java.util.concurrent.ConcurrentHashMap<String, KindPlan>();
        var earlier = new java.util.concurrent.ConcurrentHashMap<Address, Change>();
        var pending = new java.util.ArrayList<>(kinds);
        var pool = dev.factory.runtime.Workers.pool(Math.min(4, kinds.size()), "factory-observe");
        try {
            while (!pending.isEmpty()) {
                var ready = pending.stream().filter(k -> k.plannedAfter().stream().allMatch(parts::containsKey)
                        || k.plannedAfter().stream().noneMatch(d -> pending.stream().anyMatch(p -> p.kind().equals(d)))).toList();
                if (ready.isEmpty()) ready = List.of(pending.get(0));
                var view = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(earlier));
                var futures = new java.util.ArrayList<java.util.concurrent.Future<?>>();
                for (ResourceKind kind : ready) {
                    futures.add(pool.submit(() -> {
                        long t = System.nanoTime();
                        KindPlan part = kind.plan(desired, view);
                        dev.factory.runtime.Timing.mark("plan: " + kind.kind(), t);
                        parts.put(kind.kind(), part);
                        part.changes().forEach(c -> earlier.put(c.address(), c));
                    }));
                }
                for (var f : futures) f.get();
                pending.removeAll(ready);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("planning was interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        var changes = new ArrayList<Change>();
        var diagnostics = new ArrayList<>(configDiagnostics);
        var observed = new TreeMap<String, String>();
        var foreign = new ArrayList<Foreign>();
        for (ResourceKind kind : kinds) {
            KindPlan part = parts.get(kind.kind());
            changes.addAll(part.changes());
            diagnostics.addAll(part.diagnostics());
            observed.putAll(part.observed());
            foreign.addAll(part.foreign());
        }
        foreign.sort(java.util.Comparator.comparing(Foreign::address).thenComparing(Foreign::id));
        var revision = desired.revision();
        return new Plan(Plan.FORMAT_VERSION, desired.configDir().toString(),
                revision == null ? null : revision.sha(), revision == null ? null : revision.subject(),
                Instant.now(), changes, diagnostics, observed, foreign);
    }
}
