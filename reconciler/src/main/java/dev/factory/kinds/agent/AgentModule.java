package dev.factory.kinds.agent;

import dev.factory.config.Desired;
import dev.factory.config.Section;
import dev.factory.engine.KindContext;
import dev.factory.engine.KindModule;
import dev.factory.engine.RenderedFile;
import dev.factory.kinds.repo.RepoSection;
import dev.factory.kinds.repo.RepoSpec;
import dev.factory.plan.Address;
import dev.factory.plan.ResourceKind;
import dev.factory.state.StateDir;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Named agents: no objects of their own; each agent's instruction file is rendered (as
 * {@code file/agent/NAME}) for its lanes to mount, and, for each repo with an AGENTS.md, the two
 * joined ({@code file/agent/NAME/REPO}): the agent's role first, then the project's.
 */
public final class AgentModule implements KindModule {

    @Override
    public List<Section<?>> sections() {
        return List.of(AgentSection.SECTION);
    }

    @Override
    public List<ResourceKind> resourceKinds(KindContext ctx) {
        return List.of();
    }

    @Override
    public List<RenderedFile> renderedFiles(Desired desired, KindContext ctx) {
        var out = new ArrayList<RenderedFile>();
        for (AgentSpec agent : desired.get(AgentSection.SECTION).values()) {
            if (agent.instructions() == null) continue;
            String own = read(agent.instructions());
            out.add(RenderedFile.of(Address.of(RenderedFile.KIND, "agent/" + agent.name()), instructionsPath(ctx.stateDir(), agent, null), own));
            for (RepoSpec repo : desired.get(RepoSection.SECTION).values()) {
                if (repo.agentsMd() == null) continue;
                out.add(RenderedFile.of(Address.of(RenderedFile.KIND, "agent/" + agent.name() + "/" + repo.name()),
                        instructionsPath(ctx.stateDir(), agent, repo.name()), joined(own, read(repo.agentsMd()))));
            }
        }
        return out;
    }

    /** The agent's instructions, then a blank line, then the repo's AGENTS.md. */
    static String joined(String agent, String repo) {
        return agent + (agent.endsWith("\n") ? "\n" : "\n\n") + repo;
    }

    /**
     * Where the file for an agent's slot is rendered: its own instructions ({@code repo} null) or
     * joined with a repo's AGENTS.md.
     */
    public static Path instructionsPath(StateDir stateDir, AgentSpec agent, String repo) {
        Path dir = stateDir.root().resolve("rendered").resolve("agent").resolve(agent.name());
        if (repo != null) dir = dir.resolve("repos").resolve(repo);
        return dir.resolve(agent.cli().instructionsFile());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
