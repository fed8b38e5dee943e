package dev.factory.kinds.volume;

import dev.factory.config.Section;
import dev.factory.engine.KindContext;
import dev.factory.engine.KindModule;
import dev.factory.plan.ResourceKind;
import java.util.List;

/** The volume kind, whole: its section, and the kind that plans and applies it. */
public final class VolumeModule implements KindModule {

    @Override
    public List<Section<?>> sections() {
        return List.of(VolumeSection.SECTION);
    }

    @Override
    public List<ResourceKind> resourceKinds(KindContext ctx) {
        return List.of(new VolumeKind(ctx.port(VolumeEngine.class), ctx.owner()));
    }
}
