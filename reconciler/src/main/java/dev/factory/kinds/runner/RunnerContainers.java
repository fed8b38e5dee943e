package dev.factory.kinds.runner;

import dev.factory.config.Desired;
import dev.factory.engine.port.MountSpec;
import dev.factory.kinds.container.ContainerSection;
import dev.factory.kinds.container.OneShot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
    /** A runner container runs as long as its job or its service does; systemd stops it. */
    private static final Duration NO_TIMEOUT = Duration.ofMillis(Long.MAX_VALUE);

    private final OneShot oneShot;

    RunnerContainers(OneShot oneShot) {
        this.oneShot = oneShot;
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

    /** Runs one container to its end and removes it; the last lines are in the result. */
    OneShot.Result run(Desired desired, RunnerSpec runner, String slot, String name, List<String> command, Map<String, String> env,
                       Consumer<String> output) throws IOException {
        var base = desired.get(ContainerSection.SECTION).profiles().get(runner.profile());
        Path state = runner.workDir().resolve(slot);
        Files.createDirectories(state);
        giveTo(state, base.user());
        var profile = base.plusMounts(List.of(new MountSpec(MountSpec.Type.BIND, state.toString(), STATE, false)));
        try {
            return oneShot.run(desired, OneShot.Request.of(name, "runner-slot", profile, command).withEnv(env), NO_TIMEOUT, 20, output);
        } catch (OneShot.NoImage e) {
            throw new IOException("runner " + slot + ": " + e.why(), e);
        }
    }
}
