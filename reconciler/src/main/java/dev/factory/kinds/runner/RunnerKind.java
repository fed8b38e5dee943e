package dev.factory.kinds.runner;

import dev.factory.config.Desired;
import dev.factory.kinds.container.ContainerSection;
import dev.factory.kinds.container.OneShot;
import dev.factory.kinds.image.ImageSection;
import dev.factory.plan.Action;
import dev.factory.plan.Address;
import dev.factory.plan.Change;
import dev.factory.plan.KindPlan;
import dev.factory.plan.Owner;
import dev.factory.plan.ResourceKind;
import dev.factory.state.Inventory;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Self-hosted runners: observes each slot's registration (through {@link RunnerRegistry}) and
 * unit (through {@link Systemd}), diffs with {@link RunnerPlanner}, and registers, starts,
 * replaces and deletes. Never a runner it did not name, never a busy one.
 */
public final class RunnerKind implements ResourceKind {
    public static final String KIND = RunnerPlanner.KIND;
    /** The inventory field a slot's scope is kept in. */
    static final String SCOPE = "scope";

    private final RunnerRegistry.Opener registries;
    private final Systemd systemd;
    private final RunnerContainers containers;
    private final Owner owner;
    private final Inventory inventory;
    private final Clock clock;
    private final Consumer<String> progress;

    public RunnerKind(RunnerRegistry.Opener registries, Systemd systemd, OneShot oneShot, Owner owner, Inventory inventory, Clock clock,
                      Consumer<String> progress) {
        this.registries = registries;
        this.systemd = systemd;
        this.containers = new RunnerContainers(oneShot);
        this.owner = owner;
        this.inventory = inventory;
        this.clock = clock;
        this.progress = progress;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public KindPlan plan(Desired desired, Map<Address, Change> earlier) {
        var slots = new LinkedHashMap<String, RunnerSpec>();
        desired.get(RunnerSection.SECTION).values().forEach(r -> r.slots(owner.name()).forEach(s -> slots.put(s, r)));
        var known = new TreeMap<String, RunnerPlanner.Known>();
        inventory.all().forEach((a, e) -> {
            if (KIND.equals(e.kind())) known.put(Address.parse(a).name(), new RunnerPlanner.Known(RunnerRegistry.Scope.parse(e.named(SCOPE)), e.updatedAt()));
        });
        var dependsOn = new HashMap<String, List<Address>>();
        slots.forEach((slot, spec) -> dependsOn.put(slot, dependencies(spec, desired)));
        if (slots.isEmpty() && known.isEmpty()) return plan(slots, known, Map.of(), Map.of(), Map.of(), dependsOn, null);
        var registry = registries.open(desired, progress).orElse(null);
        if (registry == null) return plan(slots, known, Map.of(), Map.of(), Map.of(), dependsOn, RunnerRegistry.Opener.NO_TOKEN);
        var scopes = new LinkedHashMap<String, RunnerRegistry.Scope>();
        slots.values().forEach(r -> scopes.put(r.scope().toString(), r.scope()));
        known.values().forEach(k -> scopes.put(k.scope().toString(), k.scope()));
        var listed = new HashMap<String, RunnerRegistry.Registered>();
        var failed = new HashMap<String, String>();
        for (var scope : scopes.values()) {
            try {
                registry.list(scope).forEach(r -> listed.put(scope + "|" + r.name(), r));
            } catch (RunnerRegistry.Failure e) {
                failed.put(scope.toString(), e.getMessage());
            }
        }
        var units = new HashMap<String, Systemd.State>();
        slots.keySet().forEach(slot -> units.put(slot, systemd.state(RunnerSpec.unit(slot))));
        return plan(slots, known, listed, failed, units, dependsOn, null);
    }

    private KindPlan plan(Map<String, RunnerSpec> slots, Map<String, RunnerPlanner.Known> known, Map<String, RunnerRegistry.Registered> listed,
                          Map<String, String> failed, Map<String, Systemd.State> units, Map<String, List<Address>> dependsOn, String unobservable) {
        return RunnerPlanner.plan(new RunnerPlanner.Input(slots, known, listed, failed, units, dependsOn, unobservable, clock.instant()));
    }

    /** A slot waits for its unit file and, when its profile runs a declared image, for that image. */
    private static List<Address> dependencies(RunnerSpec spec, Desired desired) {
        var out = new ArrayList<>(List.of(Address.of("file", "systemd/" + RunnerUnit.TEMPLATE)));
        String image = desired.get(ContainerSection.SECTION).profiles().get(spec.profile()).image();
        if (desired.get(ImageSection.SECTION).containsKey(image)) out.add(Address.of("image", image));
        return out;
    }

    @Override
    public void apply(Change change, Desired desired) throws Exception {
        String slot = change.address().name();
        String unit = RunnerSpec.unit(slot);
        var registry = registries.open(desired, progress).orElseThrow(() -> new IOException(RunnerRegistry.Opener.NO_TOKEN));
        if (change.action() == Action.DELETE) {
            systemd.disableNow(unit);
            var record = inventory.get(change.address().toString()).orElse(null);
            var scope = RunnerRegistry.Scope.parse(record != null ? record.named(SCOPE) : dev.factory.plan.Payload.read(change.before(), RunnerPayload.class).scope());
            deleteIdle(registry, scope, slot);
            inventory.remove(change.address().toString());
            return;
        }
        RunnerSpec spec = desired.get(RunnerSection.SECTION).values().stream().filter(r -> r.slots(owner.name()).contains(slot)).findFirst()
                .orElseThrow(() -> new IOException(change.address() + " is no longer declared"));
        boolean reregister = spec.mode() == RunnerSpec.Mode.SERVICE && change.action() != Action.UPDATE;
        if (change.action() == Action.REPLACE) {
            systemd.disableNow(unit);
            deleteIdle(registry, spec.scope(), slot);
        }
        if (reregister) register(registry, spec, slot, desired);
        systemd.daemonReload();
        systemd.enableNow(unit);
        inventory.put(change.address().toString(), new Inventory.Entry(KIND, slot, null, clock.instant(), Inventory.fields(SCOPE, spec.scope().toString())));
    }

    static void deleteIdle(RunnerRegistry registry, RunnerRegistry.Scope scope, String slot) throws RunnerRegistry.Failure, IOException {
        for (var r : registry.list(scope)) {
            if (!r.name().equals(slot)) continue;
            if (r.busy()) throw new IOException("runner " + slot + " became busy; not deleting it");
            registry.delete(scope, r.id());
        }
    }

    /** config.sh in a one-shot container with a fresh registration token; the token lives only in that container's env. */
    private void register(RunnerRegistry registry, RunnerSpec spec, String slot, Desired desired) throws Exception {
        var envs = new LinkedHashMap<String, String>();
        envs.put("RUNNER_URL", registry.webUrl() + "/" + spec.scope());
        envs.put("RUNNER_TOKEN", registry.registrationToken(spec.scope()));
        envs.put("RUNNER_NAME", slot);
        envs.put("RUNNER_LABELS", String.join(",", spec.labels()));
        envs.put("RUNNER_GROUP", String.valueOf(spec.group()));
        var result = containers.run(desired, spec, slot, "factory-runner-configure-" + slot, List.of("factory-runner", "configure"), envs, line -> { });
        if (result.exitCode() != 0) throw new IOException("runner " + slot + ": configure exited with " + result.exitCode() + ": " + result.tailJoined());
    }
}
