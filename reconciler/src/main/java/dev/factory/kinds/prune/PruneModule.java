package dev.factory.kinds.prune;

import dev.factory.config.Desired;
import dev.factory.config.Section;
import dev.factory.engine.KindContext;
import dev.factory.engine.KindModule;
import dev.factory.engine.port.ContainerEngine;
import dev.factory.engine.port.ImageEngine;
import dev.factory.plan.ResourceKind;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/** Prune: what the rules may remove (worktrees, files, exited containers, old images, build cache) and maintenance commands. */
public final class PruneModule implements KindModule {

    @Override
    public List<Section<?>> sections() {
        return List.of(PruneSection.SECTION);
    }

    @Override
    public List<ResourceKind> resourceKinds(KindContext ctx) {
        return List.of(new PruneKind(ctx.port(ContainerEngine.class), ctx.port(ImageEngine.class), ctx.port(BuildCache.class),
                ctx.port(WorktreeGit.class), ctx.owner(), ctx.inventory()));
    }

    @Override
    public Set<String> sweepKinds() {
        return PruneKind.SWEEP_KINDS;
    }

    @Override
    public OptionalInt maxDeletions(Desired desired) {
        return OptionalInt.of(desired.get(PruneSection.SECTION).maxDeletions());
    }
}
