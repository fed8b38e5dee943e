package dev.factory.kinds.runner;

import dev.factory.config.Desired;
import dev.factory.engine.port.ContainerEngine;
import dev.factory.kinds.container.ContainerKind;
import dev.factory.kinds.container.ContainerRequests;
import dev.factory.kinds.container.ContainerSpec;
import dev.factory.engine.port.MountSpec;
import dev.factory.kinds.container.ProfileSpec;
import dev.factory.engine.port.ImageEngine;
import dev.factory.plan.Address;
import dev.factory.plan.Ownership;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runner containers from a runner's profile, following the runner image contract:
 * {@code factory-runner configure | run | jit}, state in {@code /runner/state} (the slot's
 * directory under workDir). Tokens and JIT configs travel only in the container's env.
 */
final class RunnerContainers {
    static final String STATE = "/runner/state";

    private final ContainerEngine containers;
    private final ImageEngine images;
    private final dev.factory.plan.Owner owner;

    RunnerContainers(ContainerEngine containers, ImageEngine images, dev.factory.plan.Owner owner) {
        this.containers = containers;
        this.images = images;
        this.owner = owner;
    }

    /** The runner writes its registration into the state dir as the profile's user; hand the dir over when factory may. */
    private static void giveTo(Path dir, String user) {
        String uid = user.split(":", 2)[0];
        if (!uid.matches("\\d+")) return;
        try {
            Files.setAttribute(dir, "unix:uid", Integer.parseInt(uid));
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // not root: the operator owns the workDir already
        }
    }

    /** Runs one container to its end and removes it; returns the exit code, and the last lines in {@code tail}. */
    int runOnce(Desired desired, RunnerSpec runner, String slot, String name, List<String> command, Map<String, String> env,
                ArrayDeque<String> tail, Consumer<String> output) throws IOException {
        ProfileSpec base = desired.profiles().get(runner.profile());
        Path state = runner.workDir().resolve(slot);
        Files.createDirectories(state);
        giveTo(state, base.user());
        var mounts = new ArrayList<>(base.mounts());
        mounts.add(new MountSpec(MountSpec.Type.BIND, state.toString(), STATE, false));
        var profile = new ProfileSpec(base.name(), base.image(), base.user(), base.network(), base.cpus(), base.memoryBytes(), base.pids(),
                mounts, base.env(), base.envFiles(), base.capDrop(), base.capAdd(), base.securityOpt(), base.readOnlyRootfs(),
                base.extraHosts(), base.workdir(), base.at(), base.mcpClients(), base.endpoints());
        var image = ContainerKind.current(profile.image(), desired, images.listImages());
        if (image.id() == null) throw new IOException("runner " + slot + ": " + image.why());
        var spec = new ContainerSpec(name, Address.of("runner-slot", name), profile.image(), command, "no", profile);
        for (var c : containers.listContainers()) {
            if (c.name().equals(name) && c.ownedBy(owner)) containers.forceRemove(c.id());
        }
        String id = containers.create(ContainerRequests.build(spec, image.id(), Ownership.labels(owner, spec.address(), "-"), false, false,
                ContainerKind.secretStore(desired), env));
        try {
            containers.start(id);
            return containers.followAndWait(id, line -> {
                tail.addLast(line);
                if (tail.size() > 20) tail.removeFirst();
                output.accept(line);
            });
        } finally {
            containers.forceRemove(id);
        }
    }
}
