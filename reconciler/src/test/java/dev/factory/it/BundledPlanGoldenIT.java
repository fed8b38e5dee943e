package dev.factory.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.factory.testing.BundledSandbox;
import dev.factory.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plan JSON of the user's own config, in a sandbox (no engine, no clones, no token), byte for
 * byte against a golden file: a refactor of the engine or of any kind must not change what is
 * planned or how it is written. Only what differs run to run is normalised: the sandbox's path,
 * the plan's time, the disk's figures. To accept an intended change, run with
 * {@code -Dgolden.update=true} and review the diff of the golden file.
 */
class BundledPlanGoldenIT {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/bundled-plan.json");

    @TempDir
    Path tmp;

    @Test
    void theBundledConfigPlansExactlyAsBefore() throws Exception {
        Path config = BundledSandbox.create(tmp);
        var run = Cli.run("plan", "--json", "--config", config.toString());
        String json = run.out().replace(tmp.toString(), "<sandbox>")
                .replaceAll("\"createdAt\" : \"[^\"]+\"", "\"createdAt\" : \"<time>\"")
                .replaceAll("at \\d+% \\([^)]*\\)", "at N% (figures)")
                // the runner unit names the state dir's path, so its digest moves with the sandbox
                .replaceAll("(\"hash\" : \")[0-9a-f]{64}(\",\\s+\"mode\" : \"0644\",\\s+\"path\" : \"/etc/systemd/system/)", "$1<depends on the sandbox path>$2");
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(GOLDEN.getParent());
            Files.writeString(GOLDEN, json);
        }
        assertEquals(Files.readString(GOLDEN), json, "the bundled config's plan changed; if on purpose, regenerate with -Dgolden.update=true");
    }
}
