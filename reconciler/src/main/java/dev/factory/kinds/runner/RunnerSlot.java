package dev.factory.kinds.runner;

import dev.factory.config.Desired;
import dev.factory.github.GitHubClient;
import dev.factory.github.GitHubException;
import dev.factory.engine.port.ContainerEngine;
import dev.factory.engine.port.ImageEngine;
import java.io.IOException;
import java.util.ArrayDeque;
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
    private final Map<String, String> env;
    private final RunnerContainers containers;
    private final dev.factory.plan.Owner owner;
    private final Consumer<String> log;

    public RunnerSlot(Map<String, String> env, ContainerEngine containers, ImageEngine images, dev.factory.plan.Owner owner, Consumer<String> log) {
        this.env = env;
        this.containers = new RunnerContainers(containers, images, owner);
        this.owner = owner;
        this.log = log;
    }

    /** Runs the slot; with {@code jobs} > 0 an ephemeral slot stops after that many jobs. Returns the last exit code. */
    public int run(Desired desired, String slot, int jobs) throws IOException, GitHubException, InterruptedException {
        RunnerSpec spec = desired.runners().values().stream().filter(r -> r.slots(owner.name()).contains(slot)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("slot " + slot + " is not declared (slots are <host.name>-<runner>-<n>)"));
        var tail = new ArrayDeque<String>();
        if (spec.mode() == RunnerSpec.Mode.SERVICE) {
            return containers.runOnce(desired, spec, slot, "factory-runner-" + slot, List.of("factory-runner", "run"), Map.of(), tail, log);
        }
        var token = RunnerKind.token(desired, env).orElseThrow(() -> new IOException("no GitHub token for slot " + slot
                + ": put GH_TOKEN in /etc/factory/github.env"));
        var client = RunnerKind.client(token, env, log);
        int code = 0;
        for (int done = 0; jobs <= 0 || done < jobs; done++) {
            GitHubClient.JitConfig jit;
            try {
                jit = client.generateJitConfig(spec.scope(), slot, spec.group(), spec.labels(), "_work");
            } catch (GitHubException e) {
                if (e.status() != 409) throw e;
                for (var r : client.listRunners(spec.scope())) {
                    if (r.name().equals(slot) && !r.busy()) client.deleteRunner(spec.scope(), r.id());
                }
                jit = client.generateJitConfig(spec.scope(), slot, spec.group(), spec.labels(), "_work");
            }
            String name = "factory-runner-" + slot + "-" + UUID.randomUUID().toString().substring(0, 6);
            log.accept("slot " + slot + ": waiting for a job in " + name);
            code = containers.runOnce(desired, spec, slot, name, List.of("factory-runner", "jit"), Map.of("RUNNER_JITCONFIG", jit.encoded()), tail, log);
            log.accept("slot " + slot + ": " + name + " ended with " + code);
        }
        return code;
    }
}
