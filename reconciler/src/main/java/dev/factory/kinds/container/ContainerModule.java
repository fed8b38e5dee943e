package dev.factory.kinds.container;

import dev.factory.config.Section;
import dev.factory.engine.KindContext;
import dev.factory.engine.KindModule;
import dev.factory.plan.ResourceKind;
import java.util.List;
import dev.factory.engine.port.ContainerEngine;
import dev.factory.engine.port.ImageEngine;

/** The container kind, whole: its section, and the kind that plans and applies it. */
public final class ContainerModule implements KindModule {

    @Override
    public List<Section<?>> sections() {
        return List.of(ClusterSection.SECTION, ContainerSection.SECTION);
    }

    @Override
    public List<ResourceKind> resourceKinds(KindContext ctx) {
        return List.of(new ContainerKind(ctx.port(ContainerEngine.class), ctx.port(ImageEngine.class), ctx.owner(), ctx.inventory()));
    }
}
