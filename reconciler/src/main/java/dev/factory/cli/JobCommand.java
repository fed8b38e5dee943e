package dev.factory.cli;

import dev.factory.config.ConfigLoader;
import dev.factory.config.Desired;
import dev.factory.daemon.JobRunner;
import dev.factory.docker.DockerGateway;
import dev.factory.state.StateDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "job", description = "Run a declared job once now, as the daemon does, and record the run: factory job NAME.")
final class JobCommand extends ConfigCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    int run(Console console, Desired desired, ConfigLoader.Result loaded) throws Exception {
        var job = desired.jobs().get(name);
        if (job == null) {
            console.err().println("error: job '" + name + "' is not declared; declared: " + desired.jobs().keySet());
            return ExitCodes.ERROR;
        }
        StateDir state = StateDir.resolve(common.stateDir, desired.host(), desired.configDir());
        try (var docker = DockerGateway.connect(DockerGateway.endpoint(desired.host()))) {
            var history = new JobRunner(docker.containers(), docker.images(), dev.factory.engine.Owners.forCreating(state, desired.host(), docker), state).run(desired, job);
            var last = history.last();
            last.tail().forEach(console.out()::println);
            console.err().println("job " + name + " exited " + last.exitCode() + " in " + last.durationMillis() + " ms"
                    + (history.consecutiveFailures() > 0 ? " (" + history.consecutiveFailures() + " failures in a row)" : ""));
            return last.exitCode() == 0 ? ExitCodes.OK : ExitCodes.ERROR;
        }
    }
}
