package dev.factory.kinds.runner;

import dev.factory.config.Desired;
import dev.factory.kinds.container.OneShot;
import dev.factory.plan.Owner;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * What a runner slot's unit runs ({@code factory runner-slot SLOT}). Service mode: the registered
 * runner in one container, until it exits (systemd restarts it). Ephemeral mode: for each job a
 * fresh JIT config and a fresh container, removed when the job ends, so every job starts clean.
 */
public final class RunnerSlot {
    private final RunnerRegistry.Opener registries;
    private final RunnerContainers containers;
    private final Owner owner;
    private final Consumer<String> log;

    public RunnerSlot(RunnerRegistry.Opener registries, OneShot oneShot, Owner owner, Consumer<String> log) {
        this.registries = registries;
        this.containers = new RunnerContainers(oneShot);
        this.owner = owner;
        this.log = log;
    }

    /** Runs the slot; with {@code jobs} > 0 an ephemeral slot stops after that many jobs. Returns the last exit code. */
    public int run(Desired desired, String slot, int jobs) throws IOException, RunnerRegistry.Failure {
        RunnerSpec spec = desired.get(RunnerSection.SECTION).values().stream().filter(r -> r.slots(owner.name()).contains(slot)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("slot " + slot + " is not declared (slots are <host.name>-<runner>-<n>)"));
        if (spec.mode() == RunnerSpec.Mode.SERVICE) {
            return containers.run(desired, spec, slot, "factory-runner-" + slot, List.of("factory-runner", "run"), Map.of(), log).exitCode();
        }
        var registry = registries.open(desired, log).orElseThrow(() -> new IOException("no GitHub token for slot " + slot
                + ": put GH_TOKEN in /etc/factory/github.env"));
        int code = 0;
        for (int done = 0; jobs <= 0 || done < jobs; done++) {
            String jit;
            try {
                jit = registry.jitConfig(spec.scope(), slot, spec.group(), spec.labels(), "_work");
            } catch (RunnerRegistry.Failure e) {
                if (e.status() != 409) throw e;
                // a runner of this name is left from a killed job: remove it when idle, then ask again
                RunnerKind.deleteIdle(registry, spec.scope(), slot);
                jit = registry.jitConfig(spec.scope(), slot, spec.group(), spec.labels(), "_work");
            }
            String name = "factory-runner-" + slot + "-" + UUID.randomUUID().toString().substring(0, 6);
            log.accept("slot " + slot + ": waiting for a job in " + name);
            code = containers.run(desired, spec, slot, name, List.of("factory-runner", "jit"), Map.of("RUNNER_JITCONFIG", jit), log).exitCode();
            log.accept("slot " + slot + ": " + name + " ended with " + code);
        }
        return code;
    }
}
