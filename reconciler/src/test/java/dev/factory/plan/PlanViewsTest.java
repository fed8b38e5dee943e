package dev.factory.plan;

import static dev.factory.testing.Plans.change;
import static dev.factory.testing.Plans.plan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.factory.config.Diagnostic;
import dev.factory.config.SourceLocation;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanViewsTest {
    private final Plan plan = plan(List.of(
            change("image/base", Action.REPLACE),
            change("image/app", Action.CREATE, "image/base"),
            change("image/old", Action.DELETE),
            change("image/same", Action.NO_OP),
            change("image/dark", Action.UNKNOWN)), Map.of("image/base", "sha256:abc"));

    @Test
    void textGroupsBySymbolAndSummarises() {
        String text = new TextPlanView(false).render(plan, "/state");
        assertTrue(text.contains("-/+ image/base"), text);
        assertTrue(text.contains("  + image/app"), text);
        assertTrue(text.contains("  - image/old"), text);
        assertTrue(text.contains("  ? image/dark"), text);
        assertFalse(text.contains("image/same"), "no-ops are only counted");
        assertTrue(text.contains("@ 0123456789ab \"Add images\""), text);
        assertTrue(text.endsWith("Plan: 1 to create, 0 to update, 1 to replace, 1 to delete, 1 unchanged, 1 unknown.\n"), text);
        assertFalse(text.contains("\u001b["), "no colour when asked for none");
        assertTrue(new TextPlanView(true).render(plan, null).contains("\u001b[32m"), "colour when asked");
    }

    @Test
    void aPlanWithNothingToDoSaysSo() {
        assertEquals("No changes: 1 objects up to date.", TextPlanView.summaryLine(plan(change("image/a", Action.NO_OP))));
    }

    @Test
    void jsonFollowsTheSchemaAndRoundTrips(@TempDir Path tmp) throws Exception {
        var withDiagnostic = new Plan(1, "/cfg", null, null, Instant.parse("2026-11-22T00:00:00Z"), plan.changes(),
                List.of(Diagnostic.warning(new SourceLocation(Path.of("a.yaml"), 3, 5), "images.x", "careful")), plan.observed());
        String json = PlanJson.write(withDiagnostic);
        var tree = new ObjectMapper().readTree(json);

        var errors = planSchema().validate(tree);
        assertTrue(errors.isEmpty(), errors.toString());
        assertEquals("no-op", tree.at("/changes/3/action").asText());
        assertEquals(1, tree.at("/summary/no-op").asInt());
        assertTrue(tree.get("configRevision").isNull());

        Path file = tmp.resolve("plan.json");
        Files.writeString(file, json);
        Plan back = PlanJson.read(file);
        assertEquals(withDiagnostic.changes(), back.changes());
        assertEquals(withDiagnostic.observed(), back.observed());
        assertEquals(withDiagnostic.diagnostics(), back.diagnostics());
        assertEquals(List.of(), StalePlan.differences(withDiagnostic, back));
    }

    @Test
    void theSchemaRejectsAWrongAction() throws Exception {
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) new ObjectMapper().readTree(PlanJson.write(plan));
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("changes").get(0)).put("action", "noop");
        assertFalse(planSchema().validate(tree).isEmpty());
    }

    private static com.networknt.schema.JsonSchema planSchema() throws Exception {
        try (InputStream in = PlanViewsTest.class.getResourceAsStream("/schema/plan.schema.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(new ObjectMapper().readTree(in));
        }
    }

    /** The exact comment for a fixed plan; on purpose a byte-for-byte snapshot: update the file when the format changes. */
    @Test
    void markdownMatchesTheSnapshot() throws Exception {
        var fixed = new Plan(1, "/srv/factory/factory-config", "0123456789abcdef0123456789abcdef01234567", "Pin codex 0.169.0",
                Instant.parse("2026-11-22T00:00:00Z"), List.of(
                new Change(Address.parse("image/factory-base"), Action.REPLACE, "build arg CODEX_VERSION changed", null, null, List.of()),
                new Change(Address.parse("image/codex-lane"), Action.REPLACE, "parent image/factory-base rebuilt", null, null, List.of()),
                new Change(Address.parse("image/claude-agent"), Action.NO_OP, "up to date", null, null, List.of()),
                new Change(Address.parse("repo/aina-academy"), Action.UPDATE, "fast-forward 3 commits to origin/main", null, null, List.of()),
                new Change(Address.parse("repo/aina-platform"), Action.NO_OP, "up to date with origin/main", null, null, List.of()),
                new Change(Address.parse("volume/pnpm-store"), Action.NO_OP, "exists", null, null, List.of()),
                new Change(Address.parse("container/paperclip-1"), Action.UNKNOWN, "mount source /home/ali/.claude does not exist | check it", null, null, List.of())),
                List.of(Diagnostic.warning(new SourceLocation(Path.of("factory-config/repos.yaml"), 3, 3), "repos.x", "aina-platform has diverged")),
                Map.of());
        String actual = new MarkdownPlanView().render(fixed);
        var golden = PlanViewsTest.class.getResourceAsStream("/snapshots/plan.md");
        String expected = golden == null ? "" : new String(golden.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!expected.equals(actual)) {
            Path candidate = Path.of("target/snapshots/plan.md");
            Files.createDirectories(candidate.getParent());
            Files.writeString(candidate, actual);
            assertEquals(expected, actual, "the Markdown differs from src/test/resources/snapshots/plan.md; "
                    + "if the change is intended, review " + candidate.toAbsolutePath() + " and copy it over the snapshot");
        }
    }

    @Test
    void markdownIsCutRowByRowUnderGitHubsCommentLimit() {
        var changes = new ArrayList<Change>();
        for (int k = 0; k < 20; k++) {
            for (int i = 0; i < 300; i++) changes.add(change("kind" + k + "/object-with-a-long-name-" + i, Action.CREATE));
        }
        String md = new MarkdownPlanView().render(plan(changes, Map.of()));
        assertTrue(md.length() < 65_536, "length " + md.length());
        assertTrue(md.indexOf("| create | update |") < md.indexOf("<details>"), "summary counts come first");
        assertTrue(md.contains("| 6000 | 0 | 0 | 0 | 0 | 0 |"), "the counts cover every change, shown or not");
        int shown = (int) md.lines().filter(l -> l.startsWith("| `+` |")).count();
        assertTrue(md.contains("_" + (6000 - shown) + " more changes not shown"), md.substring(md.length() - 300));
        assertTrue(md.trim().endsWith("for the whole plan._"));
        assertEquals(md.split("<details>", -1).length - 1, md.split("</details>", -1).length - 1, "every section is closed");
    }
}
