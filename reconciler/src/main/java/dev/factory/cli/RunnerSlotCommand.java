package dev.factory.cli;

import dev.factory.config.ConfigLoader;
import dev.factory.config.Desired;
import dev.factory.app.Adapters;
import dev.factory.kinds.runner.RunnerSlot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "runner-slot", description = {"Run one runner slot in the foreground: what its systemd unit (factory-runner@SLOT) starts.",
        "Service mode runs the registered runner; ephemeral mode runs one fresh container per job, with a fresh JIT config."})
final class RunnerSlotCommand extends ConfigCommand {
    @Parameters(index = "0", paramLabel = "SLOT", description = "<host.name>-<runner>-<n>")
    String slot;

    @Option(names = "--jobs", paramLabel = "N", description = "Ephemeral: stop after N jobs (default: run until stopped).", defaultValue = "0")
    int jobs;

    @Override
    int run(Console console, Desired desired, ConfigLoader.Result loaded) throws Exception {
        try (var ports = Adapters.open(desired.host(), System.getenv())) {
            var state = dev.factory.state.StateDir.resolve(common.stateDir, desired.host(), desired.configDir());
            var runner = new RunnerSlot(ports.get(dev.factory.kinds.runner.RunnerRegistry.Opener.class), Adapters.oneShot(state, desired, ports),
                    Adapters.creatingOwner(state, desired, ports), console::progress);
            return runner.run(desired, slot, jobs);
        } catch (IllegalArgumentException e) {
            console.err().println("error: " + e.getMessage());
            return ExitCodes.ERROR;
        }
    }
}
