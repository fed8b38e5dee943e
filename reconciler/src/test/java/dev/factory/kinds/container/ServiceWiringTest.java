package dev.factory.kinds.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.config.ConfigLoader;
import dev.factory.config.Diagnostic;
import dev.factory.engine.port.EngineContainer;
import dev.factory.engine.port.HealthSpec;
import dev.factory.plan.Address;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A service's ports, health check and dependsOn, as the loader reads and checks them. */
class ServiceWiringTest {
    @TempDir
    Path tmp;

    private ConfigLoader.Result load(String services) throws IOException {
        Files.writeString(tmp.resolve("f.yaml"), "profiles: {p: {image: busybox:latest}}\nservices:\n" + services);
        return dev.factory.app.Registry.configLoader().load(tmp);
    }

    private static List<String> of(ConfigLoader.Result r, Diagnostic.Severity severity) {
        return r.diagnostics().stream().filter(d -> d.severity() == severity).map(Diagnostic::summary).toList();
    }

    @Test
    void portsHealthAndDependenciesAreRead() throws IOException {
        var r = load("""
                  builder:
                    profile: p
                    ports: ["4001:4001", "3000-3001:3000-3001", 9000]
                    healthcheck: {test: [CMD, wget, -q, -O-, "http://127.0.0.1:4001/v1/healthz"], interval: 2s, timeout: 1s, retries: 5, startPeriod: 10s}
                  app:
                    profile: p
                    healthcheck: {test: "test -f /tmp/ready"}
                    dependsOn: [builder]
                """);
        assertTrue(r.ok(), r.diagnostics().toString());
        var services = ContainerSection.services(r.desired());
        var builder = services.get("builder");
        assertEquals(List.of("127.0.0.1:4001:4001/tcp", "127.0.0.1:3000:3000/tcp", "127.0.0.1:3001:3001/tcp", "127.0.0.1::9000/tcp"),
                builder.ports().stream().map(Object::toString).toList());
        assertEquals(new HealthSpec(List.of("CMD", "wget", "-q", "-O-", "http://127.0.0.1:4001/v1/healthz"), Duration.ofSeconds(2),
                Duration.ofSeconds(1), 5, Duration.ofSeconds(10)), builder.health());
        var app = services.get("app");
        assertEquals(new HealthSpec(List.of("CMD-SHELL", "test -f /tmp/ready"), HealthSpec.INTERVAL, HealthSpec.TIMEOUT, HealthSpec.RETRIES,
                Duration.ZERO), app.health());
        assertEquals(List.of("builder"), app.dependsOn());
        assertEquals(List.of(), builder.dependsOn());
        assertTrue(of(r, Diagnostic.Severity.WARNING).stream().noneMatch(w -> w.contains("every interface")));
        var container = ContainerSection.containers(r.desired()).get("builder-1");
        assertEquals(builder.ports(), container.ports());
        assertEquals(builder.health(), container.health());
    }

    @Test
    void aCommandStringRunsInTheShellAndRestartDefaultsToUnlessStopped() throws IOException {
        var r = load("  a: {profile: p, command: \"echo hi && sleep 1\"}\n  b: {profile: p, command: [echo, hi], restart: \"no\"}\n");
        assertTrue(r.ok(), r.diagnostics().toString());
        var services = ContainerSection.services(r.desired());
        assertEquals(List.of("/bin/sh", "-c", "echo hi && sleep 1"), services.get("a").command());
        assertEquals("unless-stopped", services.get("a").restart());
        assertEquals(List.of("echo", "hi"), services.get("b").command());
        assertEquals("no", services.get("b").restart());
        assertEquals(List.of("a-1"), services.get("a").containerNames());
    }

    @Test
    void everyInterfaceMustBeSpelledOutAndIsAWarning() throws IOException {
        var r = load("  web: {profile: p, ports: [\"0.0.0.0:8080:80\"]}\n");
        assertTrue(r.ok(), r.diagnostics().toString());
        assertEquals(List.of("service web publishes 0.0.0.0:8080:80 on every interface of the host, reachable from anywhere the host is;"
                + " bind it to 127.0.0.1 unless that is meant"), of(r, Diagnostic.Severity.WARNING));
    }

    @Test
    void portsThatCannotBeBoundAreRefused() throws IOException {
        assertTrue(of(load("  web: {profile: p, ports: [\"8080:80\", \"8080:81\"]}\n"), Diagnostic.Severity.ERROR).stream()
                .anyMatch(e -> e.equals("host port 8080/tcp on 127.0.0.1 is published twice")));
        assertTrue(of(load("  web: {profile: p, ports: [\"8080:80\", \"127.0.0.2:8080:80\", \"[::1]:8080:80\", \"8080:80/udp\"]}\n"),
                Diagnostic.Severity.ERROR).isEmpty(), "another address or protocol is another port");
        // the engine's proxy cannot bind 0.0.0.0:8080 beside 127.0.0.1:8080 (EADDRINUSE, measured on this engine): refused at load
        assertEquals(List.of("host port 8080/tcp on 0.0.0.0 is published twice"),
                of(load("  web: {profile: p, ports: [\"8080:80\", \"0.0.0.0:8080:80\", \"[::]:8080:80\"]}\n"), Diagnostic.Severity.ERROR));
        assertEquals(List.of("host port 8080/tcp on 127.0.0.1 is published twice (service api publishes it too)"),
                of(load("  api: {profile: p, ports: [\"[::]:8080:80\", \"0.0.0.0:8080:80\"]}\n  web: {profile: p, ports: [\"8080:81\"]}\n"),
                        Diagnostic.Severity.ERROR), "across services too, and each family's wildcard is its own");
        assertTrue(of(load("  web: {profile: p, replicas: 2, ports: [\"8080:80\"]}\n"), Diagnostic.Severity.ERROR).stream()
                .anyMatch(e -> e.contains("has 2 replicas, which cannot all bind host port 8080")));
        assertTrue(of(load("  web: {profile: p, replicas: 2, ports: [\"80\"]}\n"), Diagnostic.Severity.ERROR).isEmpty(), "the engine chooses each one's");
        assertTrue(of(load("  web: {profile: p, ports: [\"3000-3010:3000-3005\"]}\n"), Diagnostic.Severity.ERROR).stream()
                .anyMatch(e -> e.contains("the ranges must be as long")));
    }

    @Test
    void portsNeedANetworkThatPublishesThem() throws IOException {
        for (String network : List.of("none", "host")) {
            Files.writeString(tmp.resolve("f.yaml"), "profiles: {p: {image: busybox:latest, network: " + network + "}}\n"
                    + "services:\n  web: {profile: p, ports: [\"8080:80\"]}\n");
            var errors = of(dev.factory.app.Registry.configLoader().load(tmp), Diagnostic.Severity.ERROR);
            assertEquals(1, errors.size(), errors.toString());
            assertTrue(errors.get(0).startsWith("service web publishes ports, but network " + network), errors.toString());
        }
        Files.writeString(tmp.resolve("f.yaml"), "profiles: {p: {image: busybox:latest, egress: {allow: [example.com]}}}\n"
                + "images: {egress-proxy: {context: ., from: scratch}}\n"
                + "services:\n  web: {profile: p, ports: [\"8080:80\"]}\n");
        assertTrue(of(dev.factory.app.Registry.configLoader().load(tmp), Diagnostic.Severity.ERROR).stream()
                .anyMatch(e -> e.contains("its profile's egress puts it on an internal network, which publishes nothing")));
    }

    @Test
    void dependenciesMustBeDeclaredAndNeverCircular() throws IOException {
        var unknown = of(load("  a: {profile: p, dependsOn: [bulder]}\n  builder: {profile: p}\n"), Diagnostic.Severity.ERROR);
        assertEquals(1, unknown.size(), unknown.toString());
        assertTrue(unknown.get(0).startsWith("service 'bulder' is not declared") && unknown.get(0).contains("builder"), unknown.toString());
        assertTrue(of(load("  a: {profile: p, dependsOn: [a]}\n"), Diagnostic.Severity.ERROR).contains("service a cannot wait for itself"));
        var circle = of(load("  a: {profile: p, dependsOn: [b]}\n  b: {profile: p, dependsOn: [c]}\n  c: {profile: p, dependsOn: [a]}\n"
                + "  d: {profile: p, dependsOn: [a]}\n"), Diagnostic.Severity.ERROR);
        assertEquals(List.of("services wait for each other in a circle: a -> b -> c -> a; none of them could ever start"), circle,
                "said once, not by each member nor by one that only waits on the circle");
        assertTrue(of(load("  a: {profile: p, dependsOn: [b]}\n  b: {profile: p}\n  c: {profile: p, dependsOn: [a, b]}\n"), Diagnostic.Severity.ERROR)
                .isEmpty(), "a diamond is no circle");
    }

    @Test
    void onASwarmPortsHealthAndDependenciesAreRefused() throws IOException {
        Files.writeString(tmp.resolve("c.yaml"), "cluster: {engine: swarm, registry: \"127.0.0.1:5000\"}\n");
        var errors = of(load("  web: {profile: p, ports: [\"80\"], healthcheck: {test: [CMD, \"true\"]}, dependsOn: [db]}\n  db: {profile: p}\n"),
                Diagnostic.Severity.ERROR);
        for (String field : List.of("ports", "healthcheck", "dependsOn")) {
            assertTrue(errors.contains("service web runs on the swarm, which does not carry " + field + " yet; remove it, or run the service without cluster"),
                    errors.toString());
        }
    }

    @Test
    void aRunningContainerShowsItsHealthAndAnUnhealthyOneIsAWarning() throws IOException {
        var r = load("  web: {profile: p, healthcheck: {test: [CMD, \"true\"]}}\n");
        var spec = ContainerSection.containers(r.desired()).get("web-1");
        var owner = dev.factory.plan.Owner.of("box");
        for (String health : new String[] {"healthy", "starting", "unhealthy", null}) {
            var fields = ContainerFields.digests(spec, "sha256:img");
            var labels = new java.util.HashMap<>(dev.factory.plan.Ownership.labels(owner, spec.address(), ContainerFields.hash(fields)));
            var live = new EngineContainer("c1", "web-1", "sha256:img", "running", labels, health);
            var plan = ContainerPlanner.plan(new ContainerPlanner.Input(owner, java.util.Map.of("web-1", spec),
                    java.util.Map.of("web-1", ContainerPlanner.ImageState.ready("sha256:img")), java.util.Map.of(), java.util.Map.of(),
                    List.of(live), java.util.Map.of("web", 1)));
            var change = plan.changes().get(0);
            assertEquals("no-op", change.action().word());
            assertEquals(health == null ? "running" : "running, " + health, change.reason());
            assertEquals("unhealthy".equals(health), plan.diagnostics().stream().anyMatch(d -> d.summary().startsWith("container/web-1 is unhealthy")));
        }
    }

    @Test
    void healthInTheListsStatusText() {
        assertEquals("healthy", EngineContainer.healthIn("Up 5 minutes (healthy)"));
        assertEquals("unhealthy", EngineContainer.healthIn("Up 1 second (unhealthy)"));
        assertEquals("starting", EngineContainer.healthIn("Up 2 seconds (health: starting)"));
        assertNull(EngineContainer.healthIn("Up 2 seconds"));
        assertNull(EngineContainer.healthIn("Exited (0) 3 minutes ago"));
        assertNull(EngineContainer.healthIn(null));
    }

    @Test
    void portsAndHealthAreDigestedOnlyWhenDeclared() throws IOException {
        var r = load("  plain: {profile: p}\n  web: {profile: p, ports: [\"8080:80\"], healthcheck: {test: [CMD, \"true\"]}}\n");
        var containers = ContainerSection.containers(r.desired());
        assertTrue(!ContainerFields.digests(containers.get("plain-1"), "i").containsKey("ports"));
        assertTrue(!ContainerFields.digests(containers.get("plain-1"), "i").containsKey("healthcheck"));
        var web = ContainerFields.digests(containers.get("web-1"), "i");
        var moved = ContainerFields.digests(ContainerSection.containers(load("  web: {profile: p, ports: [\"8081:80\"], healthcheck: {test: [CMD, \"true\"]}}\n")
                .desired()).get("web-1"), "i");
        assertEquals(List.of("ports"), ContainerFields.changed(web, moved));
        var slower = ContainerFields.digests(ContainerSection.containers(load("  web: {profile: p, ports: [\"8080:80\"], healthcheck: {test: [CMD, \"true\"], interval: 5s}}\n")
                .desired()).get("web-1"), "i");
        assertEquals(List.of("healthcheck"), ContainerFields.changed(web, slower));
        assertEquals(Address.of("container", "web-1"), containers.get("web-1").address());
    }

    @Test
    void aReplicaBelongsToTheServiceItsLastDashNamesAndToNoOther() throws IOException {
        var r = load("  a: {profile: p, replicas: 2}\n  a-1: {profile: p}\n  web: {profile: p}\n  web-x: {profile: p}\n");
        assertTrue(r.ok(), r.diagnostics().toString());
        var d = r.desired();
        assertEquals("a", ContainerSection.serviceOf(d, "a-1").orElseThrow().name());
        assertEquals("a", ContainerSection.serviceOf(d, "a-2").orElseThrow().name());
        assertEquals("a-1", ContainerSection.serviceOf(d, "a-1-1").orElseThrow().name());
        assertEquals("web-x", ContainerSection.serviceOf(d, "web-x-1").orElseThrow().name());
        for (String none : List.of("a-3", "a-0", "web", "-1", "a", "web-x", "a-1-2", "nothing-1")) {
            assertTrue(ContainerSection.serviceOf(d, none).isEmpty(), none);
        }
        // every replica the section makes is found again, and by its own service
        ContainerSection.containers(d).keySet().forEach(name ->
                assertTrue(ContainerSection.services(d).get(ContainerSection.serviceOf(d, name).orElseThrow().name()).containerNames().contains(name), name));
    }
}
