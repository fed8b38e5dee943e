package dev.factory.cli;

import dev.factory.docker.DockerGateway;
import dev.factory.kinds.runner.RunnerSlot;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "runner-slot", description = {"Run one runner slot in the foreground: what its systemd unit (factory-runner@SLOT) starts.",
        "Service mode runs the registered runner; ephemeral mode runs one fresh container per job, with a fresh JIT config."})
final class RunnerSlotCommand implements Callable<Integer> {
    @ParentCommand
    FactoryCommand root;

    @Mixin
    CommonOptions common;

    @Parameters(index = "0", paramLabel = "SLOT", description = "<host.name>-<runner>-<n>")
    String slot;

    @Option(names = "--jobs", paramLabel = "N", description = "Ephemeral: stop after N jobs (default: run until stopped).", defaultValue = "0")
    int jobs;

    @Override
    public Integer call() throws Exception {
        Console console = root.console();
        var loaded = console.load(common);
        if (!loaded.ok()) return ExitCodes.ERROR;
        var desired = loaded.desired();
        try (var docker = DockerGateway.connect(DockerGateway.endpoint(desired.host()))) {
            var runner = new RunnerSlot(System.getenv(), docker.containers(), docker.images(), desired.host().name(), console::progress);
            return runner.run(desired, slot, jobs);
        } catch (IllegalArgumentException e) {
            console.err().println("error: " + e.getMessage());
            return ExitCodes.ERROR;
        }
    }
}
