package dev.factory.schedule;

import dev.factory.config.Desired;
import dev.factory.kinds.container.ContainerSection;
import dev.factory.kinds.container.OneShot;
import dev.factory.state.StateDir;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Runs a declared job once: a container from its profile, killed at its timeout, removed at its end, recorded. */
public final class JobRunner {
    static final int TIMED_OUT = 124;
    private static final int TAIL = 50;

    private final OneShot oneShot;
    private final StateDir state;
    private final dev.factory.kinds.swarm.SwarmEngine swarm;

    public JobRunner(OneShot oneShot, StateDir state) {
        this(oneShot, state, null);
    }

    /** With {@code swarm}, a config that declares a cluster runs its jobs there (see {@link dev.factory.kinds.swarm.SwarmJobRun}). */
    public JobRunner(OneShot oneShot, StateDir state, dev.factory.kinds.swarm.SwarmEngine swarm) {
        this.oneShot = oneShot;
        this.state = state;
        this.swarm = swarm;
    }

    public JobRecords.History run(Desired desired, JobSpec job) throws IOException {
        var profile = desired.get(ContainerSection.SECTION).profiles().get(job.profile());
        Instant start = Instant.now();
        String name = "factory-job-" + job.name() + "-" + UUID.randomUUID().toString().substring(0, 6);
        int code;
        boolean timedOut;
        List<String> lines;
        if (swarm != null && dev.factory.kinds.container.ClusterSection.of(desired).enabled() && !JobWorkloads.onHost(profile)) {
            var workload = dev.factory.kinds.swarm.Workload.job(job.name(), profile, job.command());
            dev.factory.kinds.swarm.SwarmJobRun.Result result;
            try {
                result = dev.factory.kinds.swarm.SwarmJobRun.run(swarm, workload, job.timeout(), TAIL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("job " + job.name() + " interrupted", e);
            }
            code = result.timedOut() ? TIMED_OUT : result.exitCode();
            lines = result.notRun() != null ? List.of("not started: " + result.notRun()) : result.tail();
            return JobRecords.record(state, job.name(), new JobRecords.Run(start, Duration.between(start, Instant.now()).toMillis(), code,
                    result.timedOut(), lines));
        }
        try {
            var result = oneShot.run(desired, OneShot.Request.of(name, "job", profile, job.command()), job.timeout(), TAIL, line -> { });
            timedOut = result.timedOut();
            code = timedOut ? TIMED_OUT : result.exitCode();
            lines = result.tail();
        } catch (OneShot.NoImage e) {
            code = -1;
            timedOut = false;
            lines = List.of("not started: " + e.why());
        }
        return JobRecords.record(state, job.name(), new JobRecords.Run(start, Duration.between(start, Instant.now()).toMillis(), code, timedOut, lines));
    }
}
