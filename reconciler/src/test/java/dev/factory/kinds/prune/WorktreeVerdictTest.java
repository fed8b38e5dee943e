package dev.factory.kinds.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class WorktreeVerdictTest {
    private static final List<String> DEFAULTS = PruneSpec.WorktreeRule.DEFAULT_DISPOSABLE;

    @Test
    void buildOutputAnywhereInThePathIsDisposable() {
        assertEquals("node_modules", WorktreeVerdict.disposableComponent("node_modules/", DEFAULTS));
        assertEquals("node_modules", WorktreeVerdict.disposableComponent("packages/web/node_modules/react/index.js", DEFAULTS));
        assertEquals(".next", WorktreeVerdict.disposableComponent("apps/site/.next", DEFAULTS));
        assertEquals("dist", WorktreeVerdict.disposableComponent("dist/app.js", DEFAULTS));
    }

    @Test
    void secretsAndDataAreNot() {
        assertNull(WorktreeVerdict.disposableComponent(".env", DEFAULTS));
        assertNull(WorktreeVerdict.disposableComponent("apps/api/.env.local", DEFAULTS));
        assertNull(WorktreeVerdict.disposableComponent("data/dev.sqlite", DEFAULTS));
        assertNull(WorktreeVerdict.disposableComponent("distribution/notes.md", DEFAULTS), "a name is matched whole, not by prefix");
    }

    @Test
    void theRuleMayDeclareItsOwnList() {
        assertEquals("*.log", WorktreeVerdict.disposableComponent("logs/run.log", List.of("*.log")));
        assertNull(WorktreeVerdict.disposableComponent("node_modules/x", List.of("*.log")), "a declared list replaces the default");
    }
}
