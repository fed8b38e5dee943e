package dev.factory.kinds.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.config.ConfigLoader;
import dev.factory.config.Diagnostic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cluster and nodes as the loader reads them. */
class ClusterSectionTest {
    @TempDir
    Path tmp;

    private ConfigLoader.Result load(String yaml) throws IOException {
        Files.writeString(tmp.resolve("f.yaml"), yaml);
        return dev.factory.app.Registry.configLoader().load(tmp);
    }

    private List<String> errors(String yaml) throws IOException {
        return load(yaml).diagnostics().stream().filter(d -> d.severity() == Diagnostic.Severity.ERROR).map(Diagnostic::summary).toList();
    }

    @Test
    void nodesAreReadWithTheirLabelsAndHowTheyAreRecognised() throws IOException {
        var result = load("""
                cluster: {engine: swarm, registry: "reg.internal:5000/team"}
                nodes:
                  a: {address: 10.0.0.1, labels: {tier: agents}, dockerHost: "tcp://10.0.0.1:2375"}
                  b: {hostname: builder-2}
                """);
        assertTrue(result.ok(), result.diagnostics().toString());
        var cluster = ClusterSection.of(result.desired());
        assertTrue(cluster.enabled());
        assertEquals("reg.internal:5000/team", cluster.registry());
        assertEquals("reg.internal:5000/team/box", cluster.repository("box"));
        assertEquals(Map.of("tier", "agents"), cluster.nodes().get("a").labels());
        assertEquals("tcp://10.0.0.1:2375", cluster.nodes().get("a").dockerHost());
        assertTrue(cluster.nodes().get("a").matches("10.0.0.1", "anything"));
        assertFalse(cluster.nodes().get("a").matches("10.0.0.2", "a"), "by address when one is declared");
        assertTrue(cluster.nodes().get("b").matches("10.9.9.9", "builder-2"));
        assertFalse(cluster.nodes().get("b").matches("10.9.9.9", "b"));
        assertEquals("b", cluster.declared("10.9.9.9", "builder-2").orElseThrow().name());
        assertTrue(cluster.declared("10.9.9.9", "nobody").isEmpty());
    }

    @Test
    void withoutAClusterThereIsNone() throws IOException {
        var result = load("host: {name: t}\n");
        assertFalse(ClusterSection.of(result.desired()).enabled());
    }

    @Test
    void factorysOwnLabelsAndASharedAddressAreRefused() throws IOException {
        var errors = errors("""
                cluster: {engine: swarm, registry: "r:5000"}
                nodes:
                  a: {address: 10.0.0.1, labels: {dev.factory.labels: x}}
                  b: {address: 10.0.0.1}
                """);
        assertTrue(errors.contains("labels under dev.factory. are factory's own; pick another key"), errors.toString());
        assertTrue(errors.contains("nodes a and b both have the address 10.0.0.1; each node advertises its own"), errors.toString());
        assertEquals(2, errors.size(), errors.toString());
    }

    @Test
    void onASwarmAServiceOnADeclaredNetworkIsRefused() throws IOException {
        var errors = errors("""
                cluster: {engine: swarm, registry: "r:5000"}
                networks: {inner: {}}
                profiles:
                  app: {image: "busybox:1.36", network: inner}
                services:
                  web: {profile: app, update: {parallelism: 2}}
                """);
        assertEquals(List.of("service web runs on the swarm, but profile app is on network inner, a bridge network of one host; on a swarm use host, none or bridge"),
                errors);
    }
}
