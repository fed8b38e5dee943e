package dev.factory.kinds.stamp;

import dev.factory.config.Section;
import dev.factory.engine.KindContext;
import dev.factory.engine.KindModule;
import dev.factory.plan.ResourceKind;
import java.util.List;

/** The stamp kind, whole. */
public final class StampModule implements KindModule {

    @Override
    public List<Section<?>> sections() {
        return List.of(StampSection.SECTION);
    }

    @Override
    public List<ResourceKind> resourceKinds(KindContext ctx) {
        return List.of(new StampKind(ctx.inventory(), ctx.stateDir()));
    }
}
