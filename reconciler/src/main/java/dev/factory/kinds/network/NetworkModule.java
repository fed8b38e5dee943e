package dev.factory.kinds.network;

import dev.factory.config.Section;
import dev.factory.engine.KindContext;
import dev.factory.engine.KindModule;
import dev.factory.plan.ResourceKind;
import java.util.List;

/** The network kind, whole: its section, and the kind that plans and applies it. */
public final class NetworkModule implements KindModule {

    @Override
    public List<Section<?>> sections() {
        return List.of(NetworkSection.SECTION);
    }

    @Override
    public List<ResourceKind> resourceKinds(KindContext ctx) {
        return List.of(new NetworkKind(ctx.port(NetworkEngine.class), ctx.owner()));
    }
}
