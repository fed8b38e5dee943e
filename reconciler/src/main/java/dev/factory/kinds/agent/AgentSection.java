package dev.factory.kinds.agent;

import dev.factory.config.Declared;
import dev.factory.config.Section;
import dev.factory.config.SectionContext;
import dev.factory.kinds.container.ContainerSection;
import java.util.List;
import java.util.Map;

/** {@code agents:}: the named agents {@code factory lane --agent NAME} runs. */
@dev.factory.engine.KindApi
public final class AgentSection implements Section<Map<String, AgentSpec>> {
    public static final AgentSection SECTION = new AgentSection();

    private AgentSection() {}

    @Override
    public List<String> keys() {
        return List.of("agents");
    }

    @Override
    public List<Section<?>> after() {
        return List.of(ContainerSection.SECTION);
    }

    @Override
    public Map<String, AgentSpec> read(Map<String, List<Declared>> declared, SectionContext ctx) {
        return Section.sorted(AgentRules.read(declared.getOrDefault("agents", List.of()), ctx.host(), ctx.configDir(), ctx.tree(),
                ctx.get(ContainerSection.SECTION).profiles(), ctx.diagnostics()));
    }

    @Override
    public String toString() {
        return "the agents section";
    }
}
