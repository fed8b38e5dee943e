package dev.factory.report;

import dev.factory.state.LastApply;
import static dev.factory.testing.Plans.change;
import static dev.factory.testing.Plans.plan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.plan.Action;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DriftReportTest {
    private static final Instant AT = Instant.parse("2026-11-21T03:00:00Z");

    @Test
    void classifiesAgainstTheLastApply() {
        var same = change("container/api-1", Action.CREATE);            // removed by hand; config as applied
        var edited = change("container/web-1", Action.REPLACE);         // config changed since
        var removed = change("container/old-1", Action.DELETE);         // was declared, now gone from config
        var stray = change("container/stray-1", Action.DELETE);         // never declared at the last apply
        var sweep = change("prune-file//logs/a.log", Action.DELETE);
        var dark = change("image/x", Action.UNKNOWN);
        var last = new LastApply(AT, "abc", "s", Map.of(
                "container/api-1", LastApply.digest(same),
                "container/web-1", "0000000000000000",
                "container/old-1", "1111111111111111"));

        var entries = DriftReport.classify(plan(same, edited, removed, stray, sweep, dark, change("image/ok", Action.NO_OP)), last);

        var kinds = entries.stream().map(e -> e.address() + "=" + e.kind()).toList();
        assertEquals(List.of("container/api-1=CORRECTIVE", "container/web-1=INTENTIONAL", "container/old-1=INTENTIONAL",
                "container/stray-1=CORRECTIVE", "prune-file//logs/a.log=HOUSEKEEPING", "image/x=UNKNOWN"), kinds);
        assertEquals("since the last apply at " + AT, entries.get(0).since());
        assertTrue(entries.get(1).since().startsWith("since config commit 0123456789ab"), entries.get(1).since());
    }

    @Test
    void beforeAnyApplyEverythingIsIntentional() {
        var entries = DriftReport.classify(plan(change("image/a", Action.CREATE)), null);
        assertEquals(DriftReport.Kind.INTENTIONAL, entries.get(0).kind());
        assertEquals("never applied yet", entries.get(0).since());
    }
}
