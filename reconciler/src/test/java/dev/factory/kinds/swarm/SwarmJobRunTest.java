package dev.factory.kinds.swarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SwarmJobRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aRunAsksForOneCompletionInANewIterationAndLeavesTheSpecAsItWas() {
        var spec = SwarmSpecs.spec(Workload.job("nightly", SwarmSpecsTest.profile("host"), List.of("true")), "img", List.of(), Map.of());
        var run = SwarmJobRun.completions(spec, 1);
        assertEquals(1, run.path("Mode").path("ReplicatedJob").path("TotalCompletions").asInt());
        assertEquals(1, run.path("Mode").path("ReplicatedJob").path("MaxConcurrent").asInt());
        assertEquals(1, run.path("TaskTemplate").path("ForceUpdate").asLong());
        assertEquals(2, SwarmJobRun.completions(run, 0).path("TaskTemplate").path("ForceUpdate").asLong());
        assertEquals(0, SwarmJobRun.completions(run, 0).path("Mode").path("ReplicatedJob").path("TotalCompletions").asInt());
        assertEquals(0, spec.path("Mode").path("ReplicatedJob").path("TotalCompletions").asInt(), "the spec given is not changed");
        assertEquals(spec.path("TaskTemplate").path("ContainerSpec"), run.path("TaskTemplate").path("ContainerSpec"));
    }

    @Test
    void onlyTheLeadingManagerLeads() {
        var leader = new SwarmEngine.Node("m", 1, "m1", "10.0.0.1", "manager", true, "ready", "active", Map.of(), JSON.createObjectNode());
        var follower = new SwarmEngine.Node("f", 1, "f1", "10.0.0.2", "manager", false, "ready", "active", Map.of(), JSON.createObjectNode());
        var nodes = List.of(leader, follower);
        assertTrue(new SwarmEngine.State("active", "m", "10.0.0.1", "m1", true, "c", true).leads(nodes));
        assertFalse(new SwarmEngine.State("active", "f", "10.0.0.2", "f1", true, "c", true).leads(nodes));
        assertFalse(new SwarmEngine.State("active", "m", "10.0.0.1", "m1", false, "c", true).leads(nodes), "a worker never leads");
        assertFalse(new SwarmEngine.State("inactive", "m", "10.0.0.1", "m1", true, "c", true).leads(nodes));
        assertFalse(new SwarmEngine.State("active", "m", "10.0.0.1", "m1", true, "c", true).leads(List.of()));
    }
}
