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
        return List.of(ContainerSection.SECTION, dev.factory.kinds.container.ClusterSection.SECTION);
    }

    @Override
    public Map<String, JobSpec> read(Map<String, List<Declared>> declared, SectionContext ctx) {
        var jobs = Section.sorted(ScheduleRules.jobs(declared.getOrDefault("jobs", List.of()),
                ctx.get(ContainerSection.SECTION).profiles().keySet(), ctx.diagnostics()));
        if (ctx.get(dev.factory.kinds.container.ClusterSection.SECTION).enabled()) {
            var profiles = ctx.get(ContainerSection.SECTION).profiles();
            for (Declared d : declared.getOrDefault("jobs", List.of())) {
                var job = jobs.get(d.name());
                var profile = job == null ? null : profiles.get(job.profile());
                if (profile != null && JobWorkloads.onHost(profile)) {
                    ctx.diagnostics().add(dev.factory.config.Diagnostic.note(d.at(), d.path(), "job " + d.name()
                            + " runs on the swarm leader's own engine, not as a swarm job: profile " + profile.name()
                            + "'s egress is enforced per host (docs/swarm.md)"));
                }
            }
        }
        return jobs;
    }

    @Override
    public String toString() {
        return "the jobs section";
    }
}
