package dev.factory.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.plan.MarkdownPlanView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** The pull-request workflow shipped in factory-config: its shape, and that it stays in step with the CLI. */
class PlanWorkflowTest {
    @Test
    @SuppressWarnings("unchecked")
    void validatesPlansAsMarkdownAndUpdatesOneComment() throws Exception {
        Path file = Path.of("../factory-config/.github/workflows/factory-plan.yml");
        var workflow = (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file));

        assertTrue(((Map<String, Object>) workflow.get("on")).containsKey("pull_request"));
        var job = (Map<String, Object>) ((Map<String, Object>) workflow.get("jobs")).get("plan");
        assertEquals(List.of("self-hosted", "vds", "linux"), job.get("runs-on"));
        var steps = (List<Map<String, Object>>) job.get("steps");
        String script = String.join("\n", steps.stream().map(s -> String.valueOf(s.getOrDefault("run", ""))).toList());
        assertTrue(script.contains("$FACTORY validate --config"), script);
        assertTrue(script.contains("$FACTORY plan --config \"$CONFIG\" --format markdown"), script);
        assertTrue(script.contains("startswith(\"" + MarkdownPlanView.MARKER + "\")"), "finds its comment by the marker the view writes");
        assertTrue(script.contains("-X PATCH") && script.contains("-X POST"), "updates one comment, or creates it");
        assertTrue(String.valueOf(steps.get(0).get("with")).contains("pull_request.head.sha"), "plans the PR head");
    }
}
