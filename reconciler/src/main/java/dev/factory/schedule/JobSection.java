package dev.factory.schedule;

import dev.factory.config.Declared;
import dev.factory.config.Section;
import dev.factory.config.SectionContext;
import dev.factory.kinds.container.ContainerSection;
import java.util.List;
import java.util.Map;

/** {@code jobs:}: scheduled one-shot containers, each from a declared profile. */
public final class JobSection implements Section<Map<String, JobSpec>> {
    public static final JobSection SECTION = new JobSection();

    private JobSection() {}

    @Override
    public List<String> keys() {
        return List.of("jobs");
    }

    @Override
    public List<Section<?>> after() {
        return List.of(ContainerSection.SECTION);
    }

    @Override
    public Map<String, JobSpec> read(Map<String, List<Declared>> declared, SectionContext ctx) {
        return Section.sorted(ScheduleRules.jobs(declared.getOrDefault("jobs", List.of()),
                ctx.get(ContainerSection.SECTION).profiles().keySet(), ctx.diagnostics()));
    }

    @Override
    public String toString() {
        return "the jobs section";
    }
}
