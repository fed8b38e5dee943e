package dev.factory.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The pull-request workflow shipped in factory-config: optional and safe. It runs on GitHub's
 * hosted runners with a read-only token, validates with a released jar whose checksum it checks,
 * and never runs the pull request's launcher, build or scripts. (It replaced a workflow that ran
 * the pull request's ./factory on the host's self-hosted runner, which reaches Docker as root:
 * the daemon makes pull-request plans now.)
 */
class PlanWorkflowTest {
    @Test
    @SuppressWarnings("unchecked")
    void validatesOnAHostedRunnerWithAReleasedJarAndRunsNothingOfThePullRequest() throws Exception {
        Path file = Path.of("../factory-config/.github/workflows/factory-validate.yml");
        String text = Files.readString(file);
        var workflow = (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(text);

        assertTrue(((Map<String, Object>) workflow.get("on")).containsKey("pull_request"));
        assertEquals(Map.of("contents", "read"), workflow.get("permissions"), "a read-only token: the daemon posts plans with its own");
        var jobs = (Map<String, Object>) workflow.get("jobs");
        for (Object j : jobs.values()) {
            Object runsOn = ((Map<String, Object>) j).get("runs-on");
            assertEquals("ubuntu-latest", runsOn, "never the host's self-hosted runners");
        }
        var steps = (List<Map<String, Object>>) ((Map<String, Object>) jobs.get("validate")).get("steps");
        String script = String.join("\n", steps.stream().map(s -> String.valueOf(s.getOrDefault("run", ""))).toList());
        assertTrue(script.contains("sha256sum -c"), "the downloaded jar is checked against a pinned checksum");
        assertTrue(script.contains("java -jar \"$RUNNER_TEMP/factory.jar\" validate --config"), script);
        assertFalse(script.contains("./factory") || script.contains("$FACTORY") || script.contains("mvn") || script.contains("plan"),
                "nothing of the pull request runs, and it makes no plan: " + script);
        assertTrue(String.valueOf(steps.get(0).get("with")).contains("persist-credentials=false"), "no token left in the checkout");
        assertFalse(Files.exists(file.resolveSibling("factory-plan.yml")), "the old workflow that ran the pull request's code is gone");
    }
}
