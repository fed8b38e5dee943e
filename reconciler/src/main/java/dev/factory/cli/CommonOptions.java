package dev.factory.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every subcommand accepts after its name. */
public final class CommonOptions {
    @Option(names = "--config", paramLabel = "DIR",
            description = "Config directory: every *.yaml below it is loaded (default: ${DEFAULT-VALUE}).",
            defaultValue = "factory-config")
    Path config;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Inventory, lock, journal and logs (default: host.stateDir, else ~/.local/state/factory).")
    Path stateDir;

    @Option(names = "--no-color", description = "Plain text even on a terminal (NO_COLOR does the same).")
    boolean noColor;

    boolean color() {
        return !noColor && System.getenv("NO_COLOR") == null && System.console() != null
                && !"dumb".equals(System.getenv("TERM"));
    }
}
