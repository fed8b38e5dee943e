package dev.factory.kinds.egress;

import dev.factory.config.Section;
import dev.factory.engine.KindContext;
import dev.factory.engine.KindModule;
import dev.factory.engine.port.ContainerEngine;
import dev.factory.engine.port.ImageEngine;
import dev.factory.kinds.network.NetworkEngine;
import dev.factory.kinds.volume.VolumeEngine;
import dev.factory.plan.ResourceKind;
import dev.factory.kinds.container.EgressSection;
import java.util.List;

/** The egress kind, whole: the {@code egress:} section, and the kind that sets up each profile's proxy. */
public final class EgressModule implements KindModule {

    @Override
    public List<Section<?>> sections() {
        return List.of(EgressSection.SECTION);
    }

    @Override
    public List<ResourceKind> resourceKinds(KindContext ctx) {
        return List.of(new EgressKind(ctx.port(ContainerEngine.class), ctx.port(ImageEngine.class), ctx.port(NetworkEngine.class),
                ctx.port(VolumeEngine.class), ctx.owner(), ctx.stateDir()));
    }
}
