package dev.factory.cli;

import dev.factory.schedule.JobSection;
import dev.factory.config.ConfigLoader;
import dev.factory.config.Desired;
import dev.factory.app.Adapters;
import dev.factory.schedule.JobRunner;
import dev.factory.state.StateDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "job", description = "Run a declared job once now, as the daemon does, and record the run: factory job NAME.")
final class JobCommand extends ConfigCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    int run(Console console, Desired desired, ConfigLoader.Result loaded) throws Exception {
        var job = desired.get(JobSection.SECTION).get(name);
        if (job == null) {
            console.err().println("error: job '" + name + "' is not declared; declared: " + desired.get(JobSection.SECTION).keySet());
            return ExitCodes.ERROR;
        }
        StateDir state = StateDir.resolve(common.stateDir, desired.host(), desired.configDir());
        try (var ports = Adapters.open(desired.host(), System.getenv())) {
            var swarm = ports.get(dev.factory.kinds.swarm.SwarmEngine.class);
            if (dev.factory.kinds.container.ClusterSection.of(desired).enabled() && !dev.factory.kinds.swarm.SwarmJobRun.leads(swarm)) {
                console.err().println("error: this engine is not the swarm's leader, which runs the jobs; run factory job " + name + " there");
                return ExitCodes.ERROR;
            }
            var history = new JobRunner(Adapters.oneShot(state, desired, ports), state, swarm).run(desired, job);
            var last = history.last();
            last.tail().forEach(console.out()::println);
            console.err().println("job " + name + " exited " + last.exitCode() + " in " + last.durationMillis() + " ms"
                    + (history.consecutiveFailures() > 0 ? " (" + history.consecutiveFailures() + " failures in a row)" : ""));
            return last.exitCode() == 0 ? ExitCodes.OK : ExitCodes.ERROR;
        }
    }
}
