package dev.factory.schedule;

import dev.factory.config.Desired;
import dev.factory.kinds.container.ContainerSection;
import dev.factory.kinds.swarm.DeclaredJobs;
import dev.factory.kinds.swarm.Workload;
import java.util.Map;
import java.util.TreeMap;

/**
 * The declared jobs as swarm workloads, for the swarm kind (which cannot read this package's
 * section itself). A job whose profile has egress on is not one: egress is enforced per host, so
 * the leader runs it on its own engine, behind that host's proxy (see {@link JobRunner}).
 */
public final class JobWorkloads implements DeclaredJobs {
    /** Whether a job from {@code profile} runs on the leader's own engine rather than as a swarm job. */
    static boolean onHost(dev.factory.kinds.container.ProfileSpec profile) {
        return profile.egressEnforced();
    }

    @Override
    public Map<String, Workload> jobs(Desired desired) {
        var out = new TreeMap<String, Workload>();
        if (!desired.sections().containsKey(JobSection.SECTION)) return out;
        var profiles = ContainerSection.profiles(desired);
        for (JobSpec job : desired.get(JobSection.SECTION).values()) {
            var profile = profiles.get(job.profile());
            if (profile != null && !onHost(profile)) out.put(job.name(), Workload.job(job.name(), profile, job.command()));
        }
        return out;
    }
}
