package dev.factory.kinds.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.config.Age;
import dev.factory.config.Diagnostic;
import dev.factory.plan.Action;
import dev.factory.plan.Address;
import dev.factory.plan.Change;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrunePlannerTest {
    private static final long GB = 1L << 30;
    private static final PruneSpec.DiskSpec GUARD = new PruneSpec.DiskSpec(Path.of("/"), 85, 90, 80);
    private static final Instant NOW = Instant.parse("2026-11-22T00:00:00Z");

    private static Candidate candidate(String name, long bytes, int daysOld, boolean due) {
        return new Candidate(Address.of("prune-file", "/logs/" + name), "rule", bytes, 1, NOW.minus(Duration.ofDays(daysOld)), due, "files[0]", 100, null);
    }

    private static List<String> deleted(List<Change> changes) {
        return changes.stream().filter(c -> c.action() == Action.DELETE).map(c -> c.address().name()).toList();
    }

    @Test
    void belowTheHighMarkOnlyDueCandidatesGo() {
        var usage = new DiskUsage(Path.of("/"), 100 * GB, 70 * GB);
        var plan = PrunePlanner.plan(List.of(candidate("old", GB, 9, true), candidate("young", GB, 1, false)), usage, GUARD, List.of(), List.of());

        assertEquals(List.of("/logs/old"), deleted(plan.changes()));
        assertEquals(Diagnostic.Severity.NOTE, plan.diagnostics().get(0).severity());
        assertTrue(plan.diagnostics().get(0).summary().contains("at 70%") && plan.diagnostics().get(0).summary().contains("frees 1.0 GB"));
        assertEquals(GB, plan.changes().get(0).after().get("frees"));
    }

    @Test
    void aboveTheHighMarkYoungCandidatesGoOldestFirstUntilBelowLow() {
        var usage = new DiskUsage(Path.of("/"), 100 * GB, 95 * GB);
        var plan = PrunePlanner.plan(List.of(
                candidate("due", 5 * GB, 9, true),
                candidate("young-3d", 4 * GB, 3, false),
                candidate("young-2d", 4 * GB, 2, false),
                candidate("young-1d", 4 * GB, 1, false)), usage, GUARD, List.of(), List.of());

        // 95 - 5 (due) = 90 > 80; the 3-day-old brings it to 86, the 2-day-old to 82, the 1-day-old to 78: stop there
        assertEquals(List.of("/logs/due", "/logs/young-3d", "/logs/young-2d", "/logs/young-1d"), deleted(plan.changes()));
        assertTrue(plan.changes().get(1).reason().contains("taken early") && plan.changes().get(1).reason().contains("get below 80%"));
        assertEquals(Diagnostic.Severity.WARNING, plan.diagnostics().get(0).severity(), "95% is above the 85% alert");
    }

    @Test
    void theEarlyPassStopsAsSoonAsTheLowMarkIsReached() {
        var usage = new DiskUsage(Path.of("/"), 100 * GB, 91 * GB);
        var plan = PrunePlanner.plan(List.of(candidate("a", 20 * GB, 5, false), candidate("b", 20 * GB, 4, false)), usage, GUARD, List.of(), List.of());
        assertEquals(List.of("/logs/a"), deleted(plan.changes()));
    }

    @Test
    void agesParseAndPrint() {
        assertEquals(Duration.ofHours(12), Age.parse("12h").duration());
        assertEquals("2d", Age.parse("2d").toString());
        assertEquals(Duration.ofDays(14), Age.parse("2w").duration());
    }

    @Test
    void aGlobIsRootedAtItsFixedPrefix() {
        assertEquals(Path.of("/home/ali/agent-workspaces"), GlobRoot.of("/home/ali/agent-workspaces/**/codex-*.log").root());
        assertEquals(Path.of("/srv/runner"), GlobRoot.of("/srv/runner/*/_work/_temp/*").root());
        assertEquals(Path.of("/var/log/app"), GlobRoot.of("/var/log/app/big.log").root());
        assertEquals("**/codex-*.log", GlobRoot.of("/home/ali/agent-workspaces/**/codex-*.log").pattern());
        assertEquals("*/_work/_temp/*", GlobRoot.of("/srv/runner/*/_work/_temp/*").pattern());
        assertEquals("big.log", GlobRoot.of("/var/log/app/big.log").pattern());
    }

    @Test
    void exactlyAtTheHighMarkNothingIsTakenEarly() {
        var usage = new DiskUsage(Path.of("/"), 100 * GB, 90 * GB);
        var plan = PrunePlanner.plan(List.of(candidate("young", GB, 1, false)), usage, GUARD, List.of(), List.of());
        assertEquals(List.of(), deleted(plan.changes()), "90% is not above a 90% high mark");
        var over = PrunePlanner.plan(List.of(candidate("young", GB, 1, false)), new DiskUsage(Path.of("/"), 100 * GB, 90 * GB + 1), GUARD,
                List.of(), List.of());
        assertEquals(List.of("/logs/young"), deleted(over.changes()), "one byte above the high mark takes it");
    }

    @Test
    void theEarlyPassStopsExactlyAtTheLowMark() {
        // 95 - 15 = 80: exactly at the low mark, so the next candidate stays
        var usage = new DiskUsage(Path.of("/"), 100 * GB, 95 * GB);
        var plan = PrunePlanner.plan(List.of(candidate("a", 15 * GB, 5, false), candidate("b", GB, 4, false)), usage, GUARD, List.of(), List.of());
        assertEquals(List.of("/logs/a"), deleted(plan.changes()));
        assertEquals("this plan's prune frees 15.0 GB", plan.diagnostics().get(0).summary().replaceAll(".*; (this plan.*?);.*", "$1"));
    }

    @Test
    void theAlertIsAWarningFromItsPercentOn() {
        var guard = new PruneSpec.DiskSpec(Path.of("/"), 85, null, null);
        assertEquals(Diagnostic.Severity.WARNING, PrunePlanner.plan(List.of(), new DiskUsage(Path.of("/"), 100, 85), guard, List.of(), List.of())
                .diagnostics().get(0).severity());
        assertEquals(Diagnostic.Severity.NOTE, PrunePlanner.plan(List.of(), new DiskUsage(Path.of("/"), 1000, 849), guard, List.of(), List.of())
                .diagnostics().get(0).severity());
        assertTrue(PrunePlanner.plan(List.of(), null, guard, List.of(), List.of()).diagnostics().isEmpty(), "no usage read: no disk note");
    }

    @Test
    void aDeleteSaysHowManyFilesItTakesAndForWhichRule() {
        var one = PrunePlanner.plan(List.of(candidate("single", 10, 9, true)), null, GUARD, List.of(), List.of()).changes().get(0);
        assertTrue(one.reason().endsWith("(frees 10 B)"), one.reason());
        var dir = new Candidate(Address.of("prune-file", "/logs/dir"), "rule", 30, 2, NOW.minus(Duration.ofDays(9)), true, "files[1]", 40, null);
        var many = PrunePlanner.plan(List.of(dir), null, GUARD, List.of(), List.of()).changes().get(0);
        assertTrue(many.reason().endsWith("(frees 30 B, 2 files)"), many.reason());
        assertEquals(Map.of("frees", 30L, "files", 2L, "rule", "files[1]", "examined", 40L), many.after());
        assertEquals("30@" + NOW.minus(Duration.ofDays(9)), PrunePlanner.plan(List.of(dir), null, GUARD, List.of(), List.of()).observed().get("prune-file//logs/dir"));
    }
}
