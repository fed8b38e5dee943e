package dev.factory.report;

import static dev.factory.testing.Plans.plan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.factory.config.ConfigRevision;
import dev.factory.config.SourceLocation;
import dev.factory.plan.Action;
import dev.factory.plan.Address;
import dev.factory.plan.Change;
import dev.factory.state.LastApply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drift that tells the truth: hand edits are corrective, and "since" names what it can know. */
class DriftTruthTest {
    static final Instant APPLIED = Instant.parse("2026-11-20T03:00:00Z");

    static Change file(String diff) {
        return new Change(Address.parse("file/notes"), Action.UPDATE, "edited by hand",
                Map.of("path", "/h/notes"), Map.of("path", "/h/notes", "hash", "abc", "mode", "0644", "diff", diff), List.of());
    }

    @Test
    void aHandEditedFileIsCorrectiveBecauseItsDiffIsNotWhatTheConfigAsksFor() {
        var converged = new Change(Address.parse("file/notes"), Action.NO_OP, "", null, Map.of("path", "/h/notes", "hash", "abc", "mode", "0644"), List.of());
        var last = new LastApply(APPLIED, "r0", "s", Map.of("file/notes", LastApply.digest(converged)));
        var entries = DriftReport.classify(plan(file("-kept\n+edited\n")), last, DriftHistory.NONE, a -> Optional.of(new ConfigRevision("f".repeat(40), "no")));
        assertEquals(DriftReport.Kind.CORRECTIVE, entries.get(0).kind());
        assertEquals("since the last apply at " + APPLIED, entries.get(0).since());
        assertEquals("-kept\n+edited\n", entries.get(0).diff());
    }

    @Test
    void theDigestIgnoresWhatIsObservedButNotWhatIsAsked() {
        var a = new Change(Address.parse("repo/x"), Action.UPDATE, "", null, Map.of("url", "u", "branch", "main", "head", "1", "id", "i", "state", "s"), List.of());
        var b = new Change(Address.parse("repo/x"), Action.UPDATE, "", null, Map.of("url", "u", "branch", "main", "head", "2", "id", "j", "state", "t"), List.of());
        var c = new Change(Address.parse("repo/x"), Action.UPDATE, "", null, Map.of("url", "u", "branch", "dev", "head", "1"), List.of());
        assertEquals(LastApply.digest(a), LastApply.digest(b));
        assertFalse(LastApply.digest(a).equals(LastApply.digest(c)));
        var del = new Change(Address.parse("repo/x"), Action.DELETE, "", null, null, List.of());
        assertEquals("absent", LastApply.digest(del));
    }

    @Test
    void anIntentionalChangeNamesTheCommitThatChangedItsDeclarationNotHead() {
        var change = dev.factory.testing.Plans.change("container/web-1", Action.REPLACE);
        var last = new LastApply(APPLIED, "r0", "s", Map.of("container/web-1", "0000000000000000"));
        var named = DriftReport.classify(plan(change), last, DriftHistory.NONE,
                a -> a.equals("container/web-1") ? Optional.of(new ConfigRevision("abcdef0123456789" + "0".repeat(24), "Raise web memory")) : Optional.empty());
        assertEquals("since config commit abcdef012345 (Raise web memory)", named.get(0).since());
        var unnamed = DriftReport.classify(plan(change), last, DriftHistory.NONE, a -> Optional.empty());
        assertEquals("since config commit 0123456789ab (Add images) or an earlier one after the last apply at " + APPLIED, unnamed.get(0).since());
    }

    @Test
    void correctiveDriftIsDatedByTheFirstReportOfTheUnbrokenRunThatSawIt() {
        var t1 = Instant.parse("2026-11-21T03:00:00Z");
        var t2 = Instant.parse("2026-11-22T03:00:00Z");
        var t3 = Instant.parse("2026-11-23T03:00:00Z");
        var history = new DriftHistory(List.of(point(t1, Set.of("file/notes")), point(t2, Set.of()), point(t3, Set.of("file/notes", "container/a-1"))));
        assertEquals(Optional.of(t3), history.firstSeenCorrective("file/notes"), "t2 did not see it: the run starts at t3");
        var longer = new DriftHistory(List.of(point(t1, Set.of()), point(t2, Set.of("x")), point(t3, Set.of("x"))));
        assertEquals(Optional.of(t2), longer.firstSeenCorrective("x"));
        assertEquals(Optional.empty(), longer.firstSeenCorrective("y"));
        assertEquals(Optional.empty(), DriftHistory.NONE.firstSeenCorrective("x"));

        var converged = new Change(Address.parse("file/notes"), Action.NO_OP, "", null, Map.of("path", "/h/notes", "hash", "abc", "mode", "0644"), List.of());
        var last = new LastApply(APPLIED, "r0", "s", Map.of("file/notes", LastApply.digest(converged)));
        var entries = DriftReport.classify(plan(file("d")), last, history, a -> Optional.empty());
        assertEquals("first seen by the report of " + t3, entries.get(0).since());
    }

    static DriftHistory.Point point(Instant at, Set<String> corrective) {
        return new DriftHistory.Point(at, 50.0, corrective.size(), 0, 0, 1, 0, corrective);
    }

    @Test
    void historyIsReadFromTheKeptJsonReportsOldestFirstSkippingWhatIsNotAReport(@TempDir Path dir) throws Exception {
        var r1 = new DriftReport(Instant.parse("2026-11-21T03:00:00Z"), "h", null, null, null,
                List.of(new DriftReport.Entry("file/notes", "update", "r", DriftReport.Kind.CORRECTIVE, "x")),
                new DriftReport.Disk("/", 41.5, 1, 2, 85), List.of(), List.of(new DriftReport.JobHealth("j", "1h", null, null, 3, true)), null);
        var r2 = new DriftReport(Instant.parse("2026-11-22T03:00:00Z"), "h", null, null, null, List.of(), null, List.of(), List.of(), null);
        DriftWriter.write(r2, dir, 5, List.of("json"));
        DriftWriter.write(r1, dir, 5, List.of("json"));
        Files.writeString(dir.resolve("drift-20261123-030000.json"), "{not json");
        Files.writeString(dir.resolve("notes.json"), "{}");
        var history = DriftHistory.read(dir);
        assertEquals(2, history.points().size());
        var first = history.points().get(0);
        assertEquals(Instant.parse("2026-11-21T03:00:00Z"), first.at());
        assertEquals(41.5, first.diskPercent());
        assertEquals(1, first.corrective());
        assertEquals(1, first.jobsFailing());
        assertEquals(Set.of("file/notes"), first.correctiveAddresses());
        assertEquals(null, history.points().get(1).diskPercent());
        assertEquals(DriftHistory.NONE, DriftHistory.read(dir.resolve("absent")));
    }

    @Test
    void declarationsAreFoundByKindAndTheirBlockSpansTheDeeperIndentedLines(@TempDir Path dir) throws Exception {
        String yaml = "profiles:\n  worker:\n    image: box:1\n\n    # a comment\n    env: {A: 1}\nservices:\n  web:\n    profile: worker\n  other:\n    profile: worker\nfiles:\n  notes: {path: /n, content: x}\n";
        Path f = dir.resolve("factory.yaml");
        Files.writeString(f, yaml);
        var loaded = dev.factory.app.Registry.configLoader().load(dir);
        assertTrue(loaded.ok(), loaded.diagnostics().toString());
        var declared = loaded.desired().declared();
        var web = Declarations.of(Address.parse("container/web-2"), declared);
        assertEquals(List.of("web", "worker"), web.stream().map(dev.factory.config.Declared::name).toList());
        assertEquals(List.of("notes"), Declarations.of(Address.parse("file/notes"), declared).stream().map(dev.factory.config.Declared::name).toList());
        assertEquals(List.of("worker"), Declarations.of(Address.parse("file/worker/mcp.json"), declared).stream().map(dev.factory.config.Declared::name).toList());
        assertTrue(Declarations.of(Address.parse("image/none"), declared).isEmpty());

        var lines = Files.readAllLines(f);
        assertEquals("[2, 6]", java.util.Arrays.toString(Declarations.block(lines, new SourceLocation(f, 2, 3))));
        assertEquals("[8, 9]", java.util.Arrays.toString(Declarations.block(lines, new SourceLocation(f, 8, 3))));
        assertEquals("[13, 13]", java.util.Arrays.toString(Declarations.block(lines, new SourceLocation(f, 13, 3))));
    }

    @Test
    void theReportShowsHumanTimesWithTheInstantOnHoverDiffsAndThreeCharts() {
        var r = new DriftReport(Instant.parse("2026-11-23T03:04:05.123456789Z"), "h", null, null, null,
                List.of(new DriftReport.Entry("file/notes", "update", "r", DriftReport.Kind.CORRECTIVE, "x", "--- a\n+++ b\n-old <b>\n+new\n")),
                new DriftReport.Disk("/", 62.0, 1, 2, 85), List.of(), List.of(),
                null, new DriftHistory(List.of(point(Instant.parse("2026-11-21T03:00:00Z"), Set.of()), point(Instant.parse("2026-11-22T03:00:00Z"), Set.of("x")))));
        String html = DriftViews.html(r);
        assertTrue(html.contains("<time datetime=\"2026-11-23T03:04:05.123456789Z\" title=\"2026-11-23T03:04:05.123456789Z\">23 Nov 2026, 03:04 UTC</time>"), html);
        assertEquals(3, html.split("<svg ", -1).length - 1, "disk, drift and jobs charts");
        assertTrue(html.contains("alert 85"), "the disk chart draws its alert line");
        assertTrue(html.contains("<span class=\"del\">-old &lt;b&gt;</span>") && html.contains("<span class=\"add\">+new</span>"), html);
        assertFalse(html.contains("http://") || html.contains("https://") || html.contains("<script"), "self-contained");
        String md = DriftViews.markdown(r);
        assertTrue(md.contains("23 Nov 2026, 03:04 UTC"), md);
        assertTrue(md.contains("```diff\n--- a\n+++ b\n-old <b>\n+new\n```"), md);
        assertTrue(md.contains("| 21 Nov 2026, 03:00 UTC | 50% | 0 | 0 | 0 | 0 of 1 |"), md);
        assertTrue(md.contains("| 23 Nov 2026, 03:04 UTC | 62% | 1 | 0 | 0 | 0 of 0 |"), md);
    }

    @Test
    void theEgressSectionListsEachProfilesDestinationsInEveryFormat() throws Exception {
        var at = Instant.parse("2026-11-23T03:04:05Z");
        var egress = List.of(new dev.factory.kinds.egress.EgressAudit.Profile("agent", "audit", List.of(
                new dev.factory.kinds.egress.EgressAudit.Destination("registry.npmjs.org", 443, 5, 0, at, "registry.npmjs.org"),
                new dev.factory.kinds.egress.EgressAudit.Destination("evil|example.com", 443, 1, 1, at, null)), null),
                new dev.factory.kinds.egress.EgressAudit.Profile("ci", "enforce", List.of(), "its proxy is not running (factory apply sets it up)"));
        var r = new DriftReport(at, "h", null, null, null, List.of(), null, List.of(), List.of(), null, DriftHistory.NONE, null, egress);
        String md = DriftViews.markdown(r);
        assertTrue(md.contains("## Egress\n\nProfile `agent` (audit): 2 destinations, 1 off the allow-list (the list would deny them)"), md);
        assertTrue(md.contains("| registry.npmjs.org:443 | 5 | 0 | 23 Nov 2026, 03:04 UTC | `registry.npmjs.org` |"), md);
        assertTrue(md.contains("| evil\\|example.com:443 | 1 | 1 | 23 Nov 2026, 03:04 UTC | **not listed** |"), "a pipe cannot break the table: " + md);
        assertTrue(md.contains("Profile `ci` (enforce): its proxy is not running"), md);
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(DriftViews.json(r));
        assertEquals("agent", json.at("/egress/0/profile").asText());
        assertEquals(5, json.at("/egress/0/destinations/0/requests").asInt());
        assertTrue(json.at("/egress/0/destinations/1/listed").isNull());
        assertEquals("its proxy is not running (factory apply sets it up)", json.at("/egress/1/problem").asText());
        assertTrue(DriftViews.html(r).contains("<h2>Egress</h2>"));
        assertFalse(DriftViews.markdown(new DriftReport(at, "h", null, null, null, List.of(), null, List.of(), List.of(), null)).contains("Egress"));
    }

    @Test
    void theHealthSectionListsEachCheckedReplicaInEveryFormatAndIsLeftOutWhenNone() throws Exception {
        Instant at = Instant.parse("2026-11-27T03:00:00Z");
        var health = List.of(new DriftReport.RunnerHealth("container/builder-1", "running, healthy"),
                new DriftReport.RunnerHealth("container/db-1", "running, unhealthy"));
        var r = new DriftReport(at, "h", null, null, null, List.of(), null, List.of(), List.of(), null, DriftHistory.NONE, null, List.of(), List.of(),
                health);
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(DriftViews.json(r));
        assertEquals("running, unhealthy", json.path("health").get(1).path("state").asText(), json.toString());
        assertTrue(DriftViews.markdown(r).contains("## Health\n\n- `container/builder-1`: running, healthy\n- `container/db-1`: running, unhealthy\n"),
                DriftViews.markdown(r));
        assertTrue(DriftViews.html(r).contains("<h2>Health</h2><ul><li><code>container/builder-1</code>: running, healthy</li>"), DriftViews.html(r));
        var none = new DriftReport(at, "h", null, null, null, List.of(), null, List.of(), List.of(), null);
        assertFalse(DriftViews.markdown(none).contains("Health"));
        assertFalse(DriftViews.html(none).contains("Health"));
        assertTrue(new com.fasterxml.jackson.databind.ObjectMapper().readTree(DriftViews.json(none)).path("health").isMissingNode());
    }

    @Test
    void chartsPlaceEachPointOnItsScaleAndSkipMissingValues() {
        var at = List.of(Instant.parse("2026-11-21T00:00:00Z"), Instant.parse("2026-11-22T00:00:00Z"), Instant.parse("2026-11-23T00:00:00Z"));
        String svg = Charts.line("t", at, List.of(new Charts.Series("s", "#123456", java.util.Arrays.asList(0.0, null, 100.0))), 100.0, 85.0);
        // plot: x 40..548, y 12..132; 0 at the bottom left, 100 at the top right, 85 dashed
        assertTrue(svg.contains("<circle cx=\"40\" cy=\"132\""), svg);
        assertTrue(svg.contains("<circle cx=\"548\" cy=\"12\""), svg);
        assertEquals(2, svg.split("<circle", -1).length - 1, "no point for the missing value");
        assertTrue(svg.contains("points=\"40,132 548,12\""), svg);
        assertTrue(svg.contains("y1=\"30\" y2=\"30\" stroke=\"#b00020\""), svg);
        assertEquals("1.5", Charts.fmt(1.5));
        assertEquals("2", Charts.fmt(2.0));
    }

    @Test
    void theJsonCarriesTheDiff() throws Exception {
        var r = new DriftReport(Instant.parse("2026-11-23T03:00:00Z"), "h", null, null, null,
                List.of(new DriftReport.Entry("file/notes", "update", "r", DriftReport.Kind.CORRECTIVE, "x", "-a\n+b\n")), null, List.of(), List.of(), null);
        var tree = new ObjectMapper().readTree(DriftViews.json(r));
        assertEquals("-a\n+b\n", tree.at("/changes/0/diff").asText());
    }
}
