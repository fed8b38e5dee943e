package dev.factory.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.config.ConfigLoader;
import dev.factory.config.Diagnostic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which jobs are swarm jobs: all but those whose profile's egress is enforced (per host, so run on the leader's engine). */
class JobWorkloadsTest {
    @TempDir
    Path tmp;

    private ConfigLoader.Result load(String cluster) throws IOException {
        Files.writeString(tmp.resolve("f.yaml"), cluster + """
                egress: {image: "egress:1"}
                profiles:
                  plain: {image: "busybox:1.36", network: host}
                  fenced: {image: "busybox:1.36", egress: {allow: [example.com]}}
                jobs:
                  tidy: {schedule: 1h, profile: plain, command: ["true"]}
                  fetch: {schedule: 1h, profile: fenced, command: ["true"]}
                """);
        var result = dev.factory.app.Registry.configLoader().load(tmp);
        assertTrue(result.ok(), result.diagnostics().toString());
        return result;
    }

    @Test
    void onASwarmAJobWithEgressStaysOnTheLeadersHostAndThePlanSaysSo() throws IOException {
        var result = load("cluster: {engine: swarm, registry: \"127.0.0.1:5000\"}\n");
        var jobs = new JobWorkloads().jobs(result.desired());
        assertEquals(Set.of("tidy"), jobs.keySet());
        assertEquals("job/tidy", jobs.get("tidy").address().toString());
        assertEquals("job-tidy", jobs.get("tidy").serviceName());
        var notes = result.diagnostics().stream().filter(d -> d.severity() == Diagnostic.Severity.NOTE).map(Diagnostic::summary).toList();
        assertEquals(1, notes.stream().filter(n -> n.startsWith("job fetch runs on the swarm leader's own engine")).count(), notes.toString());
        assertTrue(notes.stream().noneMatch(n -> n.startsWith("job tidy")), notes.toString());
    }

    @Test
    void withoutASwarmNothingIsNoted() throws IOException {
        var result = load("");
        assertTrue(result.diagnostics().stream().noneMatch(d -> d.summary().contains("swarm")), result.diagnostics().toString());
    }
}
