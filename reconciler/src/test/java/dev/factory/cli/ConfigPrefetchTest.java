package dev.factory.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigPrefetchTest {
    @TempDir
    Path tmp;

    @Test
    void theOneConfigOptionIsReadInEitherSpelling() {
        assertEquals(Path.of("cfg"), ConfigPrefetch.configOption(new String[] {"plan", "--config", "cfg"}));
        assertEquals(Path.of("/etc/f x"), ConfigPrefetch.configOption(new String[] {"apply", "--auto-approve", "--config=/etc/f x"}));
        for (String[] args : List.of(new String[] {"plan"}, new String[] {"plan", "--config"}, new String[] {"plan", "--config="},
                new String[] {"plan", "--config", "a", "--config", "b"}, new String[] {"plan", "--config", "--refresh"},
                new String[] {"plan", "--", "--config", "a"}, new String[] {"--config", "a"}, new String[] {"plan", "--configs", "a"})) {
            assertNull(ConfigPrefetch.configOption(args), String.join(" ", args));
        }
    }

    @Test
    void onlyACommandThatLoadsAConfigStartsOne() {
        assertSame(ConfigPrefetch.NONE, ConfigPrefetch.start(new String[] {"version", "--config", "x"}, VersionCommand.class));
        assertSame(ConfigPrefetch.NONE, ConfigPrefetch.start(new String[] {"plan", "--config", "x"}, null));
        assertSame(ConfigPrefetch.NONE, ConfigPrefetch.start(new String[] {"plan"}, PlanCommand.class));
    }

    @Test
    void theLoadIsTakenOnceAndOnlyForTheDirectoryItWasStartedFor() throws Exception {
        Files.writeString(tmp.resolve("a.yaml"), "profiles: {p: {image: busybox:latest}}\nservices:\n  web: {profile: p}\n");
        var prefetch = ConfigPrefetch.start(new String[] {"plan", "--config", tmp.toString()}, PlanCommand.class);
        assertNull(prefetch.take(tmp.resolve("other")), "another directory is loaded by the command itself");
        var taken = prefetch.take(tmp);
        assertNotNull(taken);
        assertTrue(taken.ok(), taken.diagnostics().toString());
        assertEquals(dev.factory.app.Registry.configLoader().load(tmp).desired().declared().keySet(), taken.desired().declared().keySet());
        assertNull(prefetch.take(tmp), "once");
        assertNull(ConfigPrefetch.NONE.take(tmp));
    }
}
