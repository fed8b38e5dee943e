package dev.factory.kinds.swarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.engine.port.MountSpec;
import dev.factory.kinds.container.ProfileSpec;
import dev.factory.kinds.container.ServiceSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SwarmSpecsTest {
    static ProfileSpec profile(String network) {
        return new ProfileSpec("worker", "app", "1000:1000", network, 1.5, 64L << 20, 128L,
                List.of(new MountSpec(MountSpec.Type.BIND, "/srv/data", "/data", true), new MountSpec(MountSpec.Type.VOLUME, "cache", "/cache", false)),
                Map.of("A", "${secret:app.env#TOKEN}"), List.of(), List.of("ALL"), List.of("NET_BIND_SERVICE"), List.of(ProfileSpec.NO_NEW_PRIVILEGES),
                true, List.of("api.internal:10.0.0.5"), "/work", null, List.of(), Map.of(), null, List.of());
    }

    static Workload service(int replicas, ServiceSpec.Placement placement, ServiceSpec.RollingUpdate update) {
        return Workload.service(new ServiceSpec("web", "worker", null, List.of("sleep", "1"), "unless-stopped", replicas, null, placement, update),
                profile("host"));
    }

    @Test
    void aServiceSpecCarriesTheProfileAndPlacementAndRollout() {
        var w = service(3, new ServiceSpec.Placement(List.of("node.labels.tier==agents"), 2),
                new ServiceSpec.RollingUpdate(2, Duration.ofSeconds(10), "start-first", "rollback"));
        var spec = SwarmSpecs.spec(w, "reg/app@sha256:1", List.of("A=resolved"), Map.of("dev.factory.hash", "h"));
        assertEquals("web", spec.path("Name").asText());
        assertEquals("h", spec.path("Labels").path("dev.factory.hash").asText());
        var c = spec.path("TaskTemplate").path("ContainerSpec");
        assertEquals("reg/app@sha256:1", c.path("Image").asText());
        assertEquals("[\"sleep\",\"1\"]", c.path("Args").toString());
        assertEquals("[\"A=resolved\"]", c.path("Env").toString());
        assertEquals("1000:1000", c.path("User").asText());
        assertEquals("/work", c.path("Dir").asText());
        assertTrue(c.path("ReadOnly").asBoolean());
        assertEquals("[\"10.0.0.5 api.internal\"]", c.path("Hosts").toString());
        assertEquals("[\"NET_BIND_SERVICE\"]", c.path("CapabilityAdd").toString());
        assertEquals("[\"ALL\"]", c.path("CapabilityDrop").toString());
        assertEquals("bind", c.path("Mounts").get(0).path("Type").asText());
        assertTrue(c.path("Mounts").get(0).path("ReadOnly").asBoolean());
        assertEquals("volume", c.path("Mounts").get(1).path("Type").asText());
        assertFalse(c.path("Mounts").get(1).path("ReadOnly").asBoolean());
        var limits = spec.path("TaskTemplate").path("Resources").path("Limits");
        assertEquals(1_500_000_000L, limits.path("NanoCPUs").asLong());
        assertEquals(64L << 20, limits.path("MemoryBytes").asLong());
        assertEquals(128, limits.path("Pids").asLong());
        assertEquals("any", spec.path("TaskTemplate").path("RestartPolicy").path("Condition").asText());
        assertEquals("[\"node.labels.tier==agents\"]", spec.path("TaskTemplate").path("Placement").path("Constraints").toString());
        assertEquals(2, spec.path("TaskTemplate").path("Placement").path("MaxReplicas").asInt());
        assertEquals("host", spec.path("TaskTemplate").path("Networks").get(0).path("Target").asText());
        assertEquals(3, spec.path("Mode").path("Replicated").path("Replicas").asInt());
        var update = spec.path("UpdateConfig");
        assertEquals(2, update.path("Parallelism").asInt());
        assertEquals(10_000_000_000L, update.path("Delay").asLong());
        assertEquals("start-first", update.path("Order").asText());
        assertEquals("rollback", update.path("FailureAction").asText());
    }

    @Test
    void aJobIsAnIdleReplicatedJobThatNeverRestarts() {
        var job = Workload.job("nightly", profile("none"), List.of("true"));
        var spec = SwarmSpecs.spec(job, "img", List.of(), Map.of());
        assertEquals("job-nightly", spec.path("Name").asText());
        assertEquals(0, spec.path("Mode").path("ReplicatedJob").path("TotalCompletions").asInt(-1));
        assertEquals(1, spec.path("Mode").path("ReplicatedJob").path("MaxConcurrent").asInt());
        assertEquals("none", spec.path("TaskTemplate").path("RestartPolicy").path("Condition").asText());
        assertTrue(spec.path("UpdateConfig").isMissingNode());
        assertEquals("job/nightly", job.address().toString());
    }

    @Test
    void theDefaultBridgeIsNoNetworkAttachmentAndNoPlacementIsNone() {
        var w = Workload.service(new ServiceSpec("web", "worker", null, List.of(), "no", 1, null), profile("bridge"));
        var spec = SwarmSpecs.spec(w, "img", List.of(), Map.of());
        assertTrue(spec.path("TaskTemplate").path("Networks").isMissingNode());
        assertTrue(spec.path("TaskTemplate").path("Placement").isMissingNode());
        assertTrue(spec.path("TaskTemplate").path("ContainerSpec").path("Args").isMissingNode());
        assertEquals("none", spec.path("TaskTemplate").path("RestartPolicy").path("Condition").asText());
        assertEquals(1, spec.path("UpdateConfig").path("Parallelism").asInt());
        assertEquals("stop-first", spec.path("UpdateConfig").path("Order").asText());
    }

    @Test
    void restartPoliciesMapToConditions() {
        assertEquals("none", SwarmSpecs.condition(null));
        assertEquals("none", SwarmSpecs.condition("no"));
        assertEquals("on-failure", SwarmSpecs.condition("on-failure"));
        assertEquals("any", SwarmSpecs.condition("always"));
        assertEquals("any", SwarmSpecs.condition("unless-stopped"));
    }

    @Test
    void eachFieldThatChangesTheServiceMovesItsDigest() {
        var base = SwarmSpecs.digests(service(2, null, null), "img@1");
        assertNotEquals(base.get("mode"), SwarmSpecs.digests(service(3, null, null), "img@1").get("mode"));
        assertNotEquals(base.get("placement"), SwarmSpecs.digests(service(2, new ServiceSpec.Placement(List.of("a==b"), null), null), "img@1").get("placement"));
        assertNotEquals(base.get("update"), SwarmSpecs.digests(service(2, null, ServiceSpec.RollingUpdate.DEFAULT), "img@1").get("update"));
        assertNotEquals(base.get("image"), SwarmSpecs.digests(service(2, null, null), "img@2").get("image"));
        assertEquals(base, SwarmSpecs.digests(service(2, null, null), "img@1"));
        assertNotEquals(base.get("mode"), SwarmSpecs.digests(Workload.job("web", profile("host"), List.of("sleep", "1")), "img@1").get("mode"));
    }

    @Test
    void theImageTagIsTheIdsFirstTwelveHexDigits() {
        assertEquals("0123456789ab", SwarmKind.tag("sha256:0123456789abcdef"));
        assertEquals("abc", SwarmKind.tag("abc"));
    }
}
