package dev.factory.cli;

import dev.factory.config.Suggestions;
import dev.factory.kinds.agent.AgentModule;
import dev.factory.kinds.agent.AgentSection;
import dev.factory.kinds.agent.AgentSpec;
import dev.factory.kinds.repo.RepoModule;
import dev.factory.kinds.repo.RepoSection;
import dev.factory.kinds.repo.RepoSpec;
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

    @Option(names = "--agent", paramLabel = "NAME", description = "A named agent of the config's agents (default: ${DEFAULT-VALUE}; without agents: codex or claude).",
            defaultValue = "codex")
    String agent;

    @Option(names = "--profile", paramLabel = "NAME", description = "Profile to run from (default: the agent's).")
    String profile;

    @Option(names = "--wait", description = "Follow the output and exit with the container's exit code.")
    boolean await;

    @picocli.CommandLine.Mixin
    NodeOption node;

    @Override
    int run(Console console, Desired config, ConfigLoader.Result loaded) throws Exception {
        Desired desired = node.on(config);
        var agents = desired.get(AgentSection.SECTION);
        AgentSpec named = agents.get(agent);
        if (named == null) {
            console.err().println("error: agent '" + agent + "' is not declared in agents" + Suggestions.didYouMean(agent, agents.keySet())
                    + " (declared: " + String.join(", ", agents.keySet()) + ")");
            return ExitCodes.ERROR;
        }
        String chosen = profile != null ? profile : named.profile();
        var state = dev.factory.state.StateDir.resolve(common.stateDir, desired.host(), desired.configDir());
        try (var ports = Adapters.open(desired.host(), System.getenv())) {
            var launcher = new LaneLauncher(Adapters.oneShot(state, desired, ports), console::progress);
            RepoSpec declared = desired.get(RepoSection.SECTION).values().stream()
                    .filter(r -> r.path().equals(repo.toAbsolutePath().normalize())).findFirst().orElse(null);
            Path instructions = instructionsFor(named, declared, state);
            var started = launcher.launch(new LaneLauncher.Request(repo, feature, named, chosen, command, await, instructions), desired);
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

    /** The rendered file for the agent's slot: its instructions and the repo's AGENTS.md joined, either alone, or none. */
    static Path instructionsFor(AgentSpec agent, RepoSpec repo, dev.factory.state.StateDir state) {
        boolean repoHas = repo != null && repo.agentsMd() != null;
        if (agent.instructions() != null) return AgentModule.instructionsPath(state, agent, repoHas ? repo.name() : null);
        return repoHas ? RepoModule.agentsMdPath(state, repo.name()) : null;
    }
}
