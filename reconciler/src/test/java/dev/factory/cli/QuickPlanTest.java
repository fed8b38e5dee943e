package dev.factory.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuickPlanTest {
    @Test
    void aPlanOfTheFastPathsOptionsIsParsedWhole() {
        var r = QuickPlan.parse(new String[] {"plan", "--config", "cfg", "--state-dir=/s", "--refresh", "--detailed-exitcode", "--no-color",
            "--target", "container/a", "-target=file/b", "--exclude", "repo/c", "-exclude=image/d"});
        assertEquals(new QuickPlan.Request(Path.of("cfg"), Path.of("/s"), true, true, true, List.of("container/a", "file/b"),
                List.of("repo/c", "image/d")), r);
        assertEquals(new QuickPlan.Request(null, null, false, false, false, List.of(), List.of()), QuickPlan.parse(new String[] {"plan"}));
        assertEquals(true, QuickPlan.parse(new String[] {"plan", "-refresh"}).refresh());
    }

    @Test
    void anythingElseTakesTheWholeCommandLine() {
        String[][] whole = {
            {}, {"apply"}, {"--no-color", "plan"}, {"plan", "--json"}, {"plan", "--format", "json"}, {"plan", "--out", "p.json"},
            {"plan", "--no-daemon"}, {"plan", "--repo", "https://x"}, {"plan", "--bootstrap", "f"}, {"plan", "--help"},
            {"plan", "--config"}, {"plan", "--config", "--refresh"}, {"plan", "--config="}, {"plan", "--config", "a", "--config", "b"},
            {"plan", "--state-dir", "a", "--state-dir", "b"}, {"plan", "--refresh=true"}, {"plan", "stray"}, {"plan", "--conf", "x"},
        };
        for (String[] args : whole) assertNull(QuickPlan.parse(args), String.join(" ", args));
    }
}
