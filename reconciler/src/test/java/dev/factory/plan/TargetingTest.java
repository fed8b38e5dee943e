package dev.factory.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.config.Diagnostic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetingTest {
    // base <- lane <- container/web ; base <- agent ; network/n <- container/web ; file/x alone
    static final Plan PLAN = new Plan(1, "/cfg", null, null, Instant.parse("2026-11-26T00:00:00Z"), List.of(
            change("image/base", Action.CREATE),
            change("image/lane", Action.UPDATE, "image/base"),
            change("image/agent", Action.NO_OP, "image/base"),
            change("network/n", Action.CREATE),
            change("container/web", Action.REPLACE, "image/lane", "network/n"),
            change("file/x", Action.DELETE)), List.of(), Map.of());

    static Change change(String address, Action action, String... deps) {
        return new Change(Address.parse(address), action, "r", null, null, java.util.Arrays.stream(deps).map(Address::parse).toList());
    }

    static List<String> addresses(Plan plan) {
        return plan.changes().stream().map(c -> c.address().toString()).toList();
    }

    @Test
    void noPatternsLeaveThePlanAlone() {
        assertSame(PLAN, Targeting.ALL.select(PLAN));
        assertFalse(Targeting.ALL.partial());
    }

    @Test
    void aTargetKeepsWhatItDependsOnTransitivelyAndNothingElse() {
        var plan = new Targeting(List.of("container/web"), List.of()).select(PLAN);
        assertEquals(List.of("image/base", "image/lane", "network/n", "container/web"), addresses(plan));
    }

    @Test
    void aPrefixTargetMatchesEveryAddressStartingWithIt() {
        assertEquals(List.of("image/base", "image/lane", "image/agent"), addresses(new Targeting(List.of("image/*"), List.of()).select(PLAN)));
        assertEquals(List.of("image/base", "image/lane"), addresses(new Targeting(List.of("image/l*"), List.of()).select(PLAN)));
    }

    @Test
    void anExcludeDropsEverythingThatDependsOnItTransitively() {
        var plan = new Targeting(List.of(), List.of("image/base")).select(PLAN);
        assertEquals(List.of("network/n", "file/x"), addresses(plan));
    }

    @Test
    void excludeWinsOverTarget() {
        var plan = new Targeting(List.of("container/web"), List.of("network/n")).select(PLAN);
        assertEquals(List.of("image/base", "image/lane"), addresses(plan));
    }

    @Test
    void thePartialPlanSaysSoAndNamesPatternsThatMatchNothing() {
        var plan = new Targeting(List.of("file/x", "volume/nope"), List.of("container/none")).select(PLAN);
        var summaries = plan.diagnostics().stream().map(Diagnostic::summary).toList();
        assertEquals(List.of("partial plan: --target file/x --target volume/nope --exclude container/none left 5 of 6 objects out",
                "--target volume/nope matches no object in the plan", "--exclude container/none matches no object in the plan"), summaries);
        assertTrue(plan.diagnostics().stream().allMatch(d -> d.severity() == Diagnostic.Severity.WARNING));
        assertFalse(plan.hasErrors());
        assertEquals(List.of("file/x"), addresses(plan));
        assertEquals(List.of("file/x", "volume/nope"), plan.targeting().targets());
    }

    @Test
    void exactPatternsDoNotMatchPrefixes() {
        assertTrue(Targeting.matches("image/base", Address.parse("image/base")));
        assertFalse(Targeting.matches("image/bas", Address.parse("image/base")));
        assertFalse(Targeting.matches("image/base", Address.parse("image/base2")));
        assertTrue(Targeting.matches("image/bas*", Address.parse("image/base2")));
    }

    @Test
    void theTargetingSurvivesASavedPlan(@TempDir Path dir) throws Exception {
        var plan = new Targeting(List.of("image/lane"), List.of("image/agent")).select(PLAN);
        Path file = dir.resolve("plan.json");
        Files.writeString(file, PlanJson.write(plan));
        var read = PlanJson.read(file);
        assertEquals(plan.targeting(), read.targeting());
        assertFalse(PlanJson.read(writeFull(dir)).targeting().partial());
        assertFalse(PlanJson.write(PLAN).contains("targeting"));
    }

    private static Path writeFull(Path dir) throws Exception {
        Path file = dir.resolve("full.json");
        Files.writeString(file, PlanJson.write(PLAN));
        return file;
    }

    @Test
    void theGraphHasOneNodePerChangeAndAnEdgeToEachDependency() {
        String dot = PlanGraph.dot(PLAN, true);
        assertTrue(dot.startsWith("digraph factory {"), dot);
        assertTrue(dot.contains("\"container/web\" [label=\"-/+ container/web\", color=\"#6a1b9a\"];"), dot);
        assertTrue(dot.contains("\"container/web\" -> \"image/lane\";"), dot);
        assertTrue(dot.contains("\"image/lane\" -> \"image/base\";"), dot);
        assertFalse(dot.contains("image/agent"), "no-op objects are left out by default: " + dot);
        String all = PlanGraph.dot(PLAN, false);
        assertTrue(all.contains("\"image/agent\" [label=\"image/agent\", color=\"#9e9e9e\"];"), all);
        assertTrue(all.contains("\"image/agent\" -> \"image/base\";"), all);
        assertEquals(7, all.lines().filter(l -> l.contains(" -> ")).count() + 3, all);
        assertEquals("\"a\\\"b\\\\c\"", PlanGraph.id("a\"b\\c"));
    }
}
