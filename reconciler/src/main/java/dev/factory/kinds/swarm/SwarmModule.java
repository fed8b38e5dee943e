package dev.factory.kinds.swarm;

import dev.factory.kinds.container.ClusterSection;

import dev.factory.config.Section;
import dev.factory.engine.KindContext;
import dev.factory.engine.KindModule;
import dev.factory.engine.port.ImageEngine;
import dev.factory.plan.ResourceKind;
import java.util.List;

/** The swarm kind, whole: the cluster and nodes sections, and the kind that plans node labels, pushes, services and jobs on a swarm. */
public final class SwarmModule implements KindModule {

    @Override
    public List<Section<?>> sections() {
        return List.of();   // cluster and nodes are read by the container kind's ClusterSection
    }

    @Override
    public dev.factory.config.Desired slice(dev.factory.config.Desired desired, dev.factory.engine.Ports ports) {
        return ports.has(SwarmEngine.class) ? ClusterSlice.slice(desired, ports.get(SwarmEngine.class)) : desired;
    }

    @Override
    public List<ResourceKind> resourceKinds(KindContext ctx) {
        if (!ctx.ports().has(SwarmEngine.class)) return List.of();
        DeclaredJobs jobs = ctx.ports().has(DeclaredJobs.class) ? ctx.port(DeclaredJobs.class) : null;
        return List.of(new SwarmKind(ctx.port(SwarmEngine.class), ctx.port(ImageEngine.class), ctx.owner(), jobs));
    }
}
