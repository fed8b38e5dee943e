package dev.factory.schedule;

import dev.factory.config.Declared;
import dev.factory.config.Section;
import dev.factory.config.SectionContext;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code schedule:}: when the daemon reconciles and reports drift. */
public final class ScheduleSection implements Section<ScheduleSpec> {
    public static final ScheduleSection SECTION = new ScheduleSection();

    private ScheduleSection() {}

    @Override
    public List<String> keys() {
        return List.of("schedule");
    }

    @Override
    public Set<String> singletons() {
        return Set.of("schedule");
    }

    @Override
    public ScheduleSpec read(Map<String, List<Declared>> declared, SectionContext ctx) {
        return ScheduleRules.schedule(declared.getOrDefault("schedule", List.of()), ctx.diagnostics());
    }

    @Override
    public String toString() {
        return "the schedule section";
    }
}
