package dev.factory.cli;

import dev.factory.kinds.repo.RepoSection;
import dev.factory.config.ConfigLoader;
import dev.factory.config.Desired;
import dev.factory.app.Adapters;
import dev.factory.lane.LaneLauncher;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "lane", description = {
        "Start an ephemeral agent container holding a copy of REPO on branch <agent>/<feature>.",
        "Remotes: origin (the repo's URL) and local (the host clone, push default). Removed when it ends."})
final class LaneCommand extends ConfigCommand {
    @Parameters(index = "0", paramLabel = "REPO", description = "Path of the host clone to copy.")
    Path repo;

    @Parameters(index = "1", paramLabel = "FEATURE", description = "Feature name: the branch is <agent>/<feature>.")
    String feature;

    @Parameters(index = "2..*", paramLabel = "CMD", description = "Command to run (after --); default: the image's, interactive.")
    List<String> command = new ArrayList<>();

    @Option(names = "--agent", description = "codex or claude (default: ${DEFAULT-VALUE}).", defaultValue = "codex")
    Agent agent;

    @Option(names = "--profile", paramLabel = "NAME", description = "Profile to run from (default: lane for codex, agent for claude).")
    String profile;

    @Option(names = "--wait", description = "Follow the output and exit with the container's exit code.")
    boolean await;

    @picocli.CommandLine.Mixin
    NodeOption node;

    enum Agent { codex, claude }

    @Override
    int run(Console console, Desired config, ConfigLoader.Result loaded) throws Exception {
        String chosen = profile != null ? profile : agent == Agent.codex ? "lane" : "agent";
        Desired desired = node.on(config);
        try (var ports = Adapters.open(desired.host(), System.getenv())) {
            var launcher = new LaneLauncher(Adapters.oneShot(dev.factory.state.StateDir.resolve(common.stateDir, desired.host(), desired.configDir()), desired, ports), console::progress);
                        var state = dev.factory.state.StateDir.resolve(common.stateDir, desired.host(), desired.configDir());
            Path agentsMd = desired.get(RepoSection.SECTION).values().stream()
                    .filter(r -> r.agentsMd() != null && r.path().equals(repo.toAbsolutePath().normalize()))
                    .map(r -> dev.factory.kinds.repo.RepoModule.agentsMdPath(state, r.name())).findFirst().orElse(null);
            var started = launcher.launch(new LaneLauncher.Request(repo, feature, agent.name(), chosen, command, await, agentsMd), desired);
            if (started.exitCode() != null) {
                console.err().println("lane " + started.name() + " (branch " + started.branch() + ") exited with " + started.exitCode() + "; removed");
                return started.exitCode();
            }
            console.out().println("lane started: " + started.name() + " (branch " + started.branch() + ", a copy of " + repo + ")");
            console.out().println("  attach:  docker attach " + started.name());
            console.out().println("  follow:  docker logs -f " + started.name());
            console.out().println("It is removed when its command ends.");
            return ExitCodes.OK;
        } catch (IllegalArgumentException e) {
            console.err().println("error: " + e.getMessage());
            return ExitCodes.ERROR;
        }
    }
}
