package dev.factory.kinds.runner;

import dev.factory.config.Diagnostic;
import dev.factory.plan.Action;
import dev.factory.plan.Address;
import dev.factory.plan.Change;
import dev.factory.plan.KindPlan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The runner diff, pure: per declared slot, its registration and its unit against what is wanted;
 * per slot factory made and no longer declares, a delete (deferred while busy). Registers missing
 * service runners, replaces ones whose labels differ or that stay offline past {@code offlineAfter}
 * since factory registered them, starts stopped units. Never a runner it did not name, never a
 * busy one.
 */
public final class RunnerPlanner {
    static final String KIND = "runner";
    private static final Set<String> DEFAULT_LABELS = Set.of("self-hosted", "linux", "x64", "arm64");

    private RunnerPlanner() {}

    /** A slot factory registered, from the inventory: its scope and when it was last applied. */
    public record Known(RunnerRegistry.Scope scope, Instant appliedAt) {}

    /**
     * @param slots declared slot -> its runner, in plan order
     * @param known slots factory made (declared or not)
     * @param listed registered runners by {@code scope|slot}
     * @param failedScopes scopes the registry could not list -> why
     * @param units each declared slot's unit state
     * @param dependsOn each declared slot's dependencies (its unit file, its image)
     * @param unobservable why nothing can be observed (no token), or null
     */
    public record Input(Map<String, RunnerSpec> slots, Map<String, Known> known, Map<String, RunnerRegistry.Registered> listed,
                        Map<String, String> failedScopes, Map<String, Systemd.State> units, Map<String, List<Address>> dependsOn,
                        String unobservable, Instant now) {}

    public static KindPlan plan(Input in) {
        var changes = new ArrayList<Change>();
        var diagnostics = new ArrayList<Diagnostic>();
        var observed = new TreeMap<String, String>();
        if (in.slots().isEmpty() && in.known().isEmpty()) return new KindPlan(changes, diagnostics, observed);
        if (in.unobservable() != null) {
            in.slots().keySet().forEach(s -> changes.add(Change.of(Address.of(KIND, s), Action.UNKNOWN, in.unobservable(), null, null, List.of())));
            diagnostics.add(Diagnostic.warning(null, "runners", "runner changes are unknown: " + in.unobservable()));
            return new KindPlan(changes, diagnostics, observed);
        }
        for (var e : in.slots().entrySet()) {
            String slot = e.getKey();
            RunnerSpec spec = e.getValue();
            var dependsOn = in.dependsOn().getOrDefault(slot, List.of());
            Address address = Address.of(KIND, slot);
            String failed = in.failedScopes().get(spec.scope().toString());
            if (failed != null) {
                changes.add(Change.of(address, Action.UNKNOWN, failed, null, null, dependsOn));
                continue;
            }
            var state = in.units().getOrDefault(slot, Systemd.State.UNAVAILABLE);
            if (state == Systemd.State.UNAVAILABLE) {
                changes.add(Change.of(address, Action.UNKNOWN, "systemd is not running on this host; runner units cannot be managed", null, null, dependsOn));
                continue;
            }
            var runner = in.listed().get(spec.scope() + "|" + slot);
            observed.put(address.toString(), (runner == null ? "absent" : runner.id() + ":" + runner.status() + ":" + runner.busy()) + ":" + state);
            changes.add(slot(slot, spec, runner, state == Systemd.State.ACTIVE, in.known().get(slot), dependsOn, in.now(), diagnostics));
        }
        for (var e : new TreeMap<>(in.known()).entrySet()) {
            if (in.slots().containsKey(e.getKey())) continue;
            var runner = in.listed().get(e.getValue().scope() + "|" + e.getKey());
            Address address = Address.of(KIND, e.getKey());
            if (runner != null && runner.busy()) {
                changes.add(Change.of(address, Action.NO_OP, "no longer declared, but busy with a job: deleting it is deferred", RunnerPayload.registered(runner), null, List.of()));
            } else {
                changes.add(Change.of(address, Action.DELETE, "no longer declared",
                        runner == null ? RunnerPayload.in(e.getValue().scope()) : RunnerPayload.registered(runner), null, List.of()));
            }
        }
        return new KindPlan(changes, diagnostics, observed);
    }

    private static Change slot(String slot, RunnerSpec spec, RunnerRegistry.Registered runner, boolean active, Known record,
                               List<Address> dependsOn, Instant now, List<Diagnostic> diagnostics) {
        Address address = Address.of(KIND, slot);
        var after = RunnerPayload.wanted(spec);
        var before = runner == null ? null : RunnerPayload.registered(runner);
        if (runner != null && !custom(runner.labels()).equals(custom(spec.labels()))) {
            if (runner.busy()) {
                diagnostics.add(Diagnostic.warning(null, "runners." + spec.name(), address + ": labels differ but it is busy; the change waits for the job to end"));
                return Change.of(address, Action.NO_OP, "labels differ, busy with a job: deferred", before, after, dependsOn);
            }
            return Change.of(address, Action.REPLACE, "labels differ: has " + runner.labels() + ", wants " + spec.labels(), before, after, dependsOn);
        }
        if (spec.mode() == RunnerSpec.Mode.SERVICE) {
            if (runner == null) return Change.of(address, Action.CREATE, active ? "unit runs but GitHub has no such runner: register it" : "register and start", before, after, dependsOn);
            if (!active) return Change.of(address, Action.UPDATE, "registered, but its unit is not running: start it", before, after, dependsOn);
            boolean stale = "offline".equals(runner.status()) && record != null && record.appliedAt() != null
                    && record.appliedAt().isBefore(now.minus(spec.offlineAfter().duration()));
            if (stale) return Change.of(address, Action.REPLACE, "offline although its unit runs, registered more than " + spec.offlineAfter() + " ago: re-register", before, after, dependsOn);
            return Change.of(address, Action.NO_OP, runner.status() + (runner.busy() ? ", busy" : ", idle"), before, after, dependsOn);
        }
        if (!active) return Change.of(address, record == null ? Action.CREATE : Action.UPDATE, "install and start the slot's unit", before, after, dependsOn);
        return Change.of(address, Action.NO_OP, runner == null ? "idle: the slot makes a JIT runner for the next job" : runner.status() + (runner.busy() ? ", busy" : ""), before, after, dependsOn);
    }

    /** Labels GitHub adds by itself are not compared: only the ones a config asks for. */
    static Set<String> custom(List<String> labels) {
        var out = new TreeSet<String>();
        labels.forEach(l -> {
            if (!DEFAULT_LABELS.contains(l.toLowerCase(Locale.ROOT))) out.add(l.toLowerCase(Locale.ROOT));
        });
        return out;
    }

}
