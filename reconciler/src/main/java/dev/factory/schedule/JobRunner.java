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

    public JobRunner(OneShot oneShot, StateDir state) {
        this.oneShot = oneShot;
        this.state = state;
    }

    public JobRecords.History run(Desired desired, JobSpec job) throws IOException {
        var profile = desired.get(ContainerSection.SECTION).profiles().get(job.profile());
        Instant start = Instant.now();
        String name = "factory-job-" + job.name() + "-" + UUID.randomUUID().toString().substring(0, 6);
        int code;
        boolean timedOut;
        List<String> lines;
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
