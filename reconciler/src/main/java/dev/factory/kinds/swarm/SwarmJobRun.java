package dev.factory.kinds.swarm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs a job on the swarm once: its replicated-job service (made by apply, idle with no
 * completions) is asked for one completion with a forced update, and the run's task is followed
 * to its end on whichever node the swarm put it. Only the leader runs jobs, so a schedule fires
 * once per swarm, not once per node.
 */
public final class SwarmJobRun {
    private static final Set<String> ENDED = Set.of("complete", "failed", "rejected", "shutdown", "orphaned", "remove");

    private SwarmJobRun() {}

    /** How a run ended; {@code notRun} says why it never started (then the rest is empty). */
    public record Result(int exitCode, boolean timedOut, List<String> tail, String notRun) {}

    /** Whether this engine is the swarm's leader (the one that runs jobs and reconciles swarm objects). */
    public static boolean leads(SwarmEngine swarm) {
        var state = swarm.state();
        return state.active() && state.manager() && state.leads(swarm.nodes());
    }

    public static Result run(SwarmEngine swarm, Workload job, Duration timeout, int tail) throws InterruptedException {
        if (!leads(swarm)) return new Result(-1, false, List.of(), "this engine is not the swarm's leader; the leader runs jobs");
        var service = swarm.services().stream().filter(s -> s.name().equals(job.serviceName())).findFirst().orElse(null);
        if (service == null) return new Result(-1, false, List.of(), job.address() + " is not on the swarm yet; run factory apply");
        var seen = new HashSet<String>();
        swarm.tasks().stream().filter(t -> t.serviceId().equals(service.id())).forEach(t -> seen.add(t.id()));
        swarm.updateService(service.id(), service.version(), completions(service.spec(), 1));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (SwarmEngine.Task t : swarm.tasks()) {
                if (!t.serviceId().equals(service.id()) || seen.contains(t.id()) || !ENDED.contains(t.state())) continue;
                int code = t.exitCode() != null ? t.exitCode() : "complete".equals(t.state()) ? 0 : -1;
                var lines = new java.util.ArrayList<>(swarm.taskLogs(t.id(), tail));
                if (t.error() != null && code != 0) lines.add("task " + t.state() + ": " + t.error());
                return new Result(code, false, lines, null);
            }
            Thread.sleep(300);
        }
        // a run past its timeout: a new iteration with no completions stops it
        var now = swarm.services().stream().filter(s -> s.id().equals(service.id())).findFirst().orElse(service);
        swarm.updateService(now.id(), now.version(), completions(now.spec(), 0));
        return new Result(124, true, List.of(), null);
    }

    /** The job's spec asking for {@code n} completions in a new iteration. */
    static ObjectNode completions(ObjectNode current, int n) {
        ObjectNode spec = current.deepCopy();
        ((ObjectNode) spec.path("Mode").path("ReplicatedJob")).put("TotalCompletions", n).put("MaxConcurrent", 1);
        ObjectNode task = (ObjectNode) spec.path("TaskTemplate");
        task.put("ForceUpdate", task.path("ForceUpdate").asLong(0) + 1);
        return spec;
    }
}
