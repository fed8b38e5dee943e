package dev.factory.kinds.runner;

import dev.factory.config.Declared;
import dev.factory.config.Section;
import dev.factory.config.SectionContext;
import dev.factory.kinds.container.ContainerSection;
import dev.factory.kinds.repo.RepoSection;
import java.util.List;
import java.util.Map;

/** {@code runners:}: self-hosted GitHub Actions runners, for a declared repo (or owner/name) or an org. */
@dev.factory.engine.KindApi
public final class RunnerSection implements Section<Map<String, RunnerSpec>> {
    public static final RunnerSection SECTION = new RunnerSection();

    private RunnerSection() {}

    @Override
    public List<String> keys() {
        return List.of("runners");
    }

    @Override
    public List<Section<?>> after() {
        return List.of(RepoSection.SECTION, ContainerSection.SECTION, dev.factory.kinds.container.ClusterSection.SECTION);
    }

    @Override
    public Map<String, RunnerSpec> read(Map<String, List<Declared>> declared, SectionContext ctx) {
        var runners = Section.sorted(RunnerRules.read(declared.getOrDefault("runners", List.of()), ctx.host(), ctx.configDir(),
                ctx.get(RepoSection.SECTION), ctx.get(ContainerSection.SECTION).profiles().keySet(), ctx.diagnostics()));
        dev.factory.kinds.container.ClusterSection.checkListed(ctx.get(dev.factory.kinds.container.ClusterSection.SECTION),
                dev.factory.kinds.container.ClusterSpec.NodeSpec::runners, "runners", "runners", runners.keySet(), ctx.diagnostics());
        return runners;
    }

    @Override
    public String toString() {
        return "the runners section";
    }
}
