package dev.factory.kinds.swarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.config.ConfigLoader;
import dev.factory.config.Desired;
import dev.factory.config.Diagnostic;
import dev.factory.engine.port.DockerUnavailableException;
import dev.factory.kinds.repo.RepoSection;
import dev.factory.kinds.runner.RunnerSection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which repos and runners a node keeps: those listed for it, and those no node lists; nothing sliced away on a guess. */
class ClusterSliceTest {
    @TempDir
    Path tmp;

    private Desired load(String nodes) throws IOException {
        Files.writeString(tmp.resolve("f.yaml"), """
                cluster: {engine: swarm, registry: "127.0.0.1:5000"}
                profiles:
                  runner: {image: "busybox:1.36"}
                repos:
                  alpha: {url: "https://github.com/example/a.git", path: /tmp/alpha}
                  beta: {url: "https://github.com/example/b.git", path: /tmp/beta}
                  shared: {url: "https://github.com/example/s.git", path: /tmp/shared}
                runners:
                  ra: {repo: alpha, profile: runner}
                  rs: {repo: shared, profile: runner}
                files:
                  motd: {path: /tmp/fx-motd, content: "one\\n"}
                  everywhere: {path: /tmp/fx-everywhere, content: "all\\n"}
                """ + nodes);
        ConfigLoader.Result result = dev.factory.app.Registry.configLoader().load(tmp);
        assertEquals(List.of(), result.diagnostics().stream().filter(d -> d.severity() == Diagnostic.Severity.ERROR).toList());
        return result.desired();
    }

    /** An engine that only says where it is. */
    static SwarmEngine at(String localState, String address, String hostname) {
        return new FakeSwarm(new SwarmEngine.State(localState, "id", address, hostname, false, "c", true));
    }

    private static final String NODES = """
            nodes:
              one: {hostname: h1, repos: [alpha], runners: [ra], files: [motd]}
              two: {address: 10.0.0.2, repos: [beta]}
            """;

    @Test
    void aNodeKeepsWhatItListsAndWhatNoNodeLists() throws IOException {
        var desired = load(NODES);
        var one = ClusterSlice.slice(desired, at("active", "10.0.0.1", "h1"));
        assertEquals(Set.of("alpha", "shared"), one.get(RepoSection.SECTION).keySet());
        assertEquals(Set.of("ra", "rs"), one.get(RunnerSection.SECTION).keySet());
        assertEquals(Set.of("motd", "everywhere"), one.get(dev.factory.kinds.file.FileSection.SECTION).keySet());
        var two = ClusterSlice.slice(desired, at("active", "10.0.0.2", "h2"));
        assertEquals(Set.of("beta", "shared"), two.get(RepoSection.SECTION).keySet());
        assertEquals(Set.of("rs"), two.get(RunnerSection.SECTION).keySet());
        assertEquals(Set.of("everywhere"), two.get(dev.factory.kinds.file.FileSection.SECTION).keySet());
    }

    @Test
    void whenTheNodeCannotBeToldNothingIsSlicedAway() throws IOException {
        var desired = load(NODES);
        assertSame(desired, ClusterSlice.slice(desired, at("active", "10.0.0.9", "stranger")));
        assertSame(desired, ClusterSlice.slice(desired, at("inactive", null, "h1")));
        assertSame(desired, ClusterSlice.slice(desired, new FakeSwarm(null)));
    }

    @Test
    void withoutPlacementsThereIsNothingToSliceAndTheEngineIsNotAsked() throws IOException {
        var desired = load("nodes:\n  one: {hostname: h1, labels: {tier: agents}}\n");
        assertSame(desired, ClusterSlice.slice(desired, new FakeSwarm(null) {
            @Override
            public State state() {
                throw new AssertionError("asked the engine");
            }
        }));
    }

    @Test
    void aRunnerOrFileListedForANodeMustBeDeclared() throws IOException {
        Files.writeString(tmp.resolve("f.yaml"), """
                cluster: {engine: swarm, registry: "127.0.0.1:5000"}
                nodes:
                  one: {runners: [nope], files: [motdd]}
                files:
                  motd: {path: /tmp/fx-motd, content: "one"}
                """);
        var errors = dev.factory.app.Registry.configLoader().load(tmp).diagnostics().stream().map(Diagnostic::summary).toList();
        assertTrue(errors.stream().anyMatch(e -> e.equals("runner 'nope' is not declared in runners")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.equals("file 'motdd' is not declared in files; did you mean 'motd'?")), errors.toString());
    }

    /** A swarm port that answers {@link #state} and nothing else; a null state is an engine that does not answer. */
    static class FakeSwarm implements SwarmEngine {
        private final State state;

        FakeSwarm(State state) {
            this.state = state;
        }

        @Override
        public State state() {
            if (state == null) throw new DockerUnavailableException("no engine", new RuntimeException());
            return state;
        }

        @Override
        public List<Node> nodes() {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Service> services() {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Task> tasks() {
            throw new UnsupportedOperationException();
        }

        @Override
        public String createService(com.fasterxml.jackson.databind.JsonNode spec) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void updateService(String id, long version, com.fasterxml.jackson.databind.JsonNode spec) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void removeService(String id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void updateNode(String id, long version, com.fasterxml.jackson.databind.JsonNode spec) {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.util.Optional<String> pushedDigest(String reference, String repository) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String push(String imageId, String repository, String tag) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<String> taskLogs(String taskId, int lines) {
            throw new UnsupportedOperationException();
        }
    }
}
