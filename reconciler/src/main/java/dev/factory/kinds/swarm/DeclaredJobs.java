package dev.factory.kinds.swarm;

import dev.factory.config.Desired;
import java.util.Map;

/** The scheduled jobs a config declares, as swarm workloads: provided by the scheduler's package, which owns the jobs section. */
@dev.factory.engine.KindApi
public interface DeclaredJobs {
    Map<String, Workload> jobs(Desired desired);
}
