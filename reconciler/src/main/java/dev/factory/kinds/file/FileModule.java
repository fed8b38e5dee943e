package dev.factory.kinds.file;

import dev.factory.config.Section;
import dev.factory.engine.KindContext;
import dev.factory.engine.KindModule;
import dev.factory.plan.ResourceKind;
import java.util.List;

/** Files: the declared ones, and every file another kind renders, owned through the inventory. */
public final class FileModule implements KindModule {

    @Override
    public List<Section<?>> sections() {
        return List.of(FileSection.SECTION);
    }

    @Override
    public List<ResourceKind> resourceKinds(KindContext ctx) {
        return List.of(new FileKind(ctx.inventory(), ctx.renderedFiles(), ctx.ports().has(WarmFiles.class) ? ctx.port(WarmFiles.class) : null));
    }
}
