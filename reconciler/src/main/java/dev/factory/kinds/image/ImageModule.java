package dev.factory.kinds.image;

import dev.factory.config.Section;
import dev.factory.engine.KindContext;
import dev.factory.engine.KindModule;
import dev.factory.plan.ResourceKind;
import java.util.List;
import dev.factory.engine.port.ImageEngine;

/** The image kind, whole: its section, and the kind that plans and applies it. */
public final class ImageModule implements KindModule {

    @Override
    public List<Section<?>> sections() {
        return List.of(ImageSection.SECTION);
    }

    @Override
    public List<ResourceKind> resourceKinds(KindContext ctx) {
        return List.of(new ImageKind(ctx.port(ImageEngine.class), ctx.owner(), ctx.inventory(), ctx.stateDir(),
                new ImageBuilder(ctx.port(ImageEngine.class), ctx.owner(), ctx.inventory(), ctx.stateDir(), ctx.progress()),
                ctx.ports().has(WarmContexts.class) ? ctx.port(WarmContexts.class) : null, ctx.review()));
    }
}
