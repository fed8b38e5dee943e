package dev.factory.kinds.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A container's field digests are its identity across factory versions: a container made by an
 * earlier factory keeps its hash (no recreate after an upgrade), however the planner computes them.
 */
class ContainerFieldsTest {
    @TempDir
    Path tmp;

    private Map<String, ContainerSpec> load() throws IOException {
        Files.writeString(tmp.resolve("f.yaml"), """
                profiles:
                  p:
                    image: busybox:latest
                    user: "1000:1000"
                    network: bridge
                    resources: {cpus: 1.5, memory: 256m, pids: 100}
                    env: {B: two, A: one}
                    mounts:
                      - {source: data, target: /data, type: volume, mode: ro}
                      - {source: cache, target: /cache, type: volume, mode: rw}
                    capAdd: [NET_BIND_SERVICE]
                    reasons: {NET_BIND_SERVICE: "serves on port 80"}
                    workdir: /work
                  q:
                    image: busybox:latest
                volumes:
                  cache: {}
                  data: {}
                services:
                  web: {profile: p, command: [sleep, "60"], ports: ["127.0.0.1:8080:80"], healthcheck: {test: [CMD, "true"]}}
                  api: {profile: p, command: "echo hi"}
                  other: {profile: q}
                """);
        ConfigLoader.Result r = dev.factory.app.Registry.configLoader().load(tmp);
        assertTrue(r.ok(), r.diagnostics().toString());
        return ContainerSection.containers(r.desired());
    }

    @Test
    void theHashOfAContainerIsWhatEarlierVersionsComputed() throws IOException {
        var specs = load();
        // computed by factory before profile digests were shared between services (5d8e79f): pinned
        assertEquals("f0d0c780017226b56411bb20f9e702f2f71fddefd474e31ea0835f76fec71fe7", ContainerFields.hash(ContainerFields.digests(specs.get("web-1"), "sha256:img")));
        assertEquals("b12e5f641fff3aea341488b318549bb609593182303b27565294413f3ee53400", ContainerFields.hash(ContainerFields.digests(specs.get("api-1"), "sha256:img")));
        assertEquals("f76971865065c6653365238f46346f84343971fe772a3cb69816e4f6016f9114", ContainerFields.hash(ContainerFields.digests(specs.get("other-1"), "sha256:img")));
    }

    @Test
    void profileDigestsSharedBetweenServicesGiveEachItsOwnFields() throws IOException {
        var specs = load();
        var shared = new java.util.IdentityHashMap<ProfileSpec, Map<String, String>>();
        for (var spec : specs.values()) {
            var viaShared = ContainerFields.digests(spec, "sha256:img", p -> shared.computeIfAbsent(p, ContainerFields::profileDigests));
            assertEquals(ContainerFields.digests(spec, "sha256:img"), viaShared, spec.name());
        }
        assertEquals(2, shared.size(), "one entry per profile");
        assertNotEquals(ContainerFields.digests(specs.get("web-1"), "sha256:img").get("command"),
                ContainerFields.digests(specs.get("api-1"), "sha256:img").get("command"), "a service's own field stays its own");
        assertEquals(ContainerFields.digests(specs.get("web-1"), "sha256:img").get("env"),
                ContainerFields.digests(specs.get("api-1"), "sha256:img").get("env"));
    }
}
