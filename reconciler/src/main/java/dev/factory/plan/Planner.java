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
     * Plans every kind side by side, each starting as soon as the kinds it reads ({@link
     * ResourceKind#plannedAfter()}) are planned, not when a whole stage is: a kind reading images
     * does not wait for the clones. Each sees the changes of exactly the kinds it reads, directly
     * or through them, so what it sees never depends on which other kind finished first. Kinds
     * that read each other in a circle start in registration order. The plan lists changes in
     * registration order.
     */
    public static Plan plan(Desired desired, List<ResourceKind> kinds, List<Diagnostic> configDiagnostics) {
        var parts = new java.util.concurrent.ConcurrentHashMap<String, KindPlan>();
        var present = kinds.stream().map(ResourceKind::kind).collect(java.util.stream.Collectors.toSet());
        var pending = new java.util.ArrayList<>(kinds);
        var pool = dev.factory.runtime.Workers.pool(Math.min(4, kinds.size()), "factory-observe");
        var finished = new java.util.concurrent.ExecutorCompletionService<Void>(pool);
        int running = 0;
        try {
            while (!pending.isEmpty() || running > 0) {
                var ready = pending.stream().filter(k -> readable(k, present).stream().allMatch(parts::containsKey)).toList();
                if (ready.isEmpty() && running == 0) ready = List.of(pending.get(0));
                for (ResourceKind kind : ready) {
                    var view = java.util.Collections.unmodifiableMap(view(kind, kinds, present, parts));
                    finished.submit(() -> {
                        long t = System.nanoTime();
                        KindPlan part = kind.plan(desired, view);
                        dev.factory.runtime.Timing.mark("plan: " + kind.kind(), t);
                        parts.put(kind.kind(), part);
                    }, null);
                    running++;
                }
                pending.removeAll(ready);
                finished.take().get();   // something runs: what was ready, or what ran before
                running--;
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

    /** The kinds {@code kind} reads that are in this plan. */
    static java.util.Set<String> readable(ResourceKind kind, java.util.Set<String> present) {
        var out = new java.util.HashSet<>(kind.plannedAfter());
        out.retainAll(present);
        out.remove(kind.kind());
        return out;
    }

    /**
     * The changes {@code kind} sees: those of the kinds it reads and of the kinds those read, in
     * turn, among those already planned, in registration order.
     */
    static java.util.Map<Address, Change> view(ResourceKind kind, List<ResourceKind> kinds, java.util.Set<String> present,
                                              java.util.Map<String, KindPlan> parts) {
        var byName = new java.util.HashMap<String, ResourceKind>();
        kinds.forEach(k -> byName.put(k.kind(), k));
        var reads = new java.util.HashSet<String>();
        var todo = new java.util.ArrayDeque<>(readable(kind, present));
        while (!todo.isEmpty()) {
            String next = todo.pop();
            if (reads.add(next)) todo.addAll(readable(byName.get(next), present));
        }
        var out = new java.util.LinkedHashMap<Address, Change>();
        for (ResourceKind k : kinds) {
            KindPlan part = parts.get(k.kind());
            if (reads.contains(k.kind()) && part != null) part.changes().forEach(c -> out.put(c.address(), c));
        }
        return out;
    }
}
