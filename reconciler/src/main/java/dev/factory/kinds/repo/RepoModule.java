package dev.factory.kinds.repo;

import dev.factory.config.Desired;
import dev.factory.config.Section;
import dev.factory.engine.KindContext;
import dev.factory.engine.KindModule;
import dev.factory.engine.RenderedFile;
import dev.factory.plan.Address;
import dev.factory.plan.ResourceKind;
import dev.factory.state.StateDir;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Repos: the clones kept on the host, and each one's AGENTS.md rendered for the lanes that mount it. */
public final class RepoModule implements KindModule {

    @Override
    public List<Section<?>> sections() {
        return List.of(RepoSection.SECTION);
    }

    @Override
    public List<ResourceKind> resourceKinds(KindContext ctx) {
        return List.of(new RepoKind(ctx.port(Clones.class), ctx.inventory(), ctx.stateDir(), !ctx.review(), ctx.refresh(), ctx.progress()));
    }

    @Override
    public List<RenderedFile> renderedFiles(Desired desired, KindContext ctx) {
        var out = new ArrayList<RenderedFile>();
        for (RepoSpec repo : desired.get(RepoSection.SECTION).values()) {
            if (repo.agentsMd() == null) continue;
            try {
                out.add(RenderedFile.of(Address.of(RenderedFile.KIND, "agents/" + repo.name()), agentsMdPath(ctx.stateDir(), repo.name()),
                        Files.readString(repo.agentsMd())));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /** Where a repo's AGENTS.md is rendered, for lanes to mount. */
    public static Path agentsMdPath(StateDir stateDir, String repo) {
        return stateDir.root().resolve("rendered").resolve("agents").resolve(repo).resolve("AGENTS.md");
    }
}
