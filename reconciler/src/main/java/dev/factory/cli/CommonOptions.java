package dev.factory.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every subcommand accepts after its name. */
public final class CommonOptions {
    static final Path DEFAULT_CONFIG = Path.of("factory-config");

    @Option(names = "--config", paramLabel = "DIR",
            description = "A local config directory: every *.yaml below it is loaded. "
                    + "Default, when neither --repo nor a bootstrap file is there: factory-config.")
    Path config;

    @Option(names = "--repo", paramLabel = "URL", description = "Fetch the config from this git repo into the state dir.")
    String repo;

    @Option(names = "--ref", paramLabel = "REF", description = "Branch, tag or commit of --repo (default: main, or the bootstrap file's).")
    String ref;

    @Option(names = "--path", paramLabel = "SUBDIR", description = "The config directory inside the repo (default: its root).")
    String path;

    @Option(names = "--bootstrap", paramLabel = "FILE",
            description = "Host bootstrap file with a source: section (default: /etc/factory/factory.yaml when it exists).")
    Path bootstrap;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Inventory, lock, journal, logs and fetched config (default: host.stateDir, else ~/.local/state/factory).")
    Path stateDir;

    @Option(names = "--no-color", description = "Plain text even on a terminal (NO_COLOR does the same).")
    boolean noColor;

    boolean color() {
        return color(noColor);
    }

    /** Colour on a terminal, unless --no-color, NO_COLOR or a dumb terminal says otherwise. */
    static boolean color(boolean noColor) {
        return !noColor && System.getenv("NO_COLOR") == null && System.console() != null
                && !"dumb".equals(System.getenv("TERM"));
    }
}
