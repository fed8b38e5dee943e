package dev.factory.kinds.runner;

import dev.factory.config.Desired;
import dev.factory.config.Section;
import dev.factory.engine.KindContext;
import dev.factory.engine.KindModule;
import dev.factory.engine.RenderedFile;
import dev.factory.engine.port.ContainerEngine;
import dev.factory.engine.port.ImageEngine;
import dev.factory.kinds.container.OneShot;
import dev.factory.plan.Address;
import dev.factory.plan.ResourceKind;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** Runners: slots registered on GitHub and run by systemd units, from the one unit template it renders. */
public final class RunnerModule implements KindModule {

    @Override
    public List<Section<?>> sections() {
        return List.of(RunnerSection.SECTION);
    }

    @Override
    public List<ResourceKind> resourceKinds(KindContext ctx) {
        var oneShot = new OneShot(ctx.port(ContainerEngine.class), ctx.port(ImageEngine.class), ctx.owner());
        return List.of(new RunnerKind(ctx.port(RunnerRegistry.Opener.class), ctx.port(Systemd.class), oneShot, ctx.owner(), ctx.inventory(),
                Clock.systemUTC(), ctx.progress()));
    }

    /** The slots' unit template, once any runner is declared. */
    @Override
    public List<RenderedFile> renderedFiles(Desired desired, KindContext ctx) {
        if (desired.get(RunnerSection.SECTION).isEmpty()) return List.of();
        var host = desired.host();
        return List.of(RenderedFile.of(Address.of(RenderedFile.KIND, "systemd/" + RunnerUnit.TEMPLATE), Path.of(host.unitDir()).resolve(RunnerUnit.TEMPLATE),
                RunnerUnit.render(host.factoryBin(), desired.configDir(), ctx.stateDir().root())));
    }
}
