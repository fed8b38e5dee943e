package dev.factory.kinds.prune;

import dev.factory.config.Declared;
import dev.factory.config.Section;
import dev.factory.config.SectionContext;
import dev.factory.config.SourceLocation;
import dev.factory.kinds.container.ContainerSection;
import dev.factory.kinds.repo.RepoSection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code prune:}, with the host's {@code disk:} limits: what may be removed, and when. */
@dev.factory.engine.KindApi
public final class PruneSection implements Section<PruneSpec> {
    public static final PruneSection SECTION = new PruneSection();

    private PruneSection() {}

    @Override
    public List<String> keys() {
        return List.of("prune");
    }

    @Override
    public Set<String> singletons() {
        return Set.of("prune");
    }

    @Override
    public List<Section<?>> after() {
        return List.of(RepoSection.SECTION, ContainerSection.SECTION);
    }

    @Override
    public PruneSpec read(Map<String, List<Declared>> declared, SectionContext ctx) {
        Declared host = ctx.hostDeclared();
        return PruneRules.read(declared.getOrDefault("prune", List.of()), host == null ? null : host.spec().get("disk"), ctx.host(),
                ctx.configDir(), ctx.get(RepoSection.SECTION).keySet(), ctx.get(ContainerSection.SECTION).profiles().keySet(),
                ctx.diagnostics(), field -> host == null ? SourceLocation.of(ctx.configDir()) : host.at(field));
    }

    @Override
    public String toString() {
        return "the prune section";
    }
}
