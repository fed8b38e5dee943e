package dev.factory.cli;

import dev.factory.config.ConfigLoader;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * A command that loads {@code --config DIR} has that load started on a thread of its own while
 * picocli builds the command line (on a cold JVM, a tenth of a second of reflection that needs
 * nothing the load makes). The command takes the result only when the directory it loads is the
 * one started here, so the prefetch changes when the config is read, never what is read: a
 * misread of the arguments only wastes the load. The same loader, the same directory: the same
 * result, a tenth of a second sooner, and still before apply takes its lock and plans.
 */
final class ConfigPrefetch {
    static final ConfigPrefetch NONE = new ConfigPrefetch(null, null);

    private final Path dir;
    private CompletableFuture<ConfigLoader.Result> result;

    private ConfigPrefetch(Path dir, CompletableFuture<ConfigLoader.Result> result) {
        this.dir = dir;
        this.result = result;
    }

    /** Starts loading the config {@code args} name, when {@code command} loads one and {@code --config} is given once. */
    static ConfigPrefetch start(String[] args, Class<?> command) {
        if (command == null || !ConfigCommand.class.isAssignableFrom(command)) return NONE;
        dev.factory.schedule.When.prepareBeside();
        Path dir = configOption(args);
        if (dir == null) return NONE;
        return new ConfigPrefetch(dir, dev.factory.runtime.Workers.beside("config-prefetch", () -> dev.factory.app.Registry.configLoader().load(dir)));
    }

    /** The value of the only {@code --config} option (as {@code --config DIR} or {@code --config=DIR}); null otherwise. */
    static Path configOption(String[] args) {
        String value = null;
        int found = 0;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--")) break;
            if (args[i].equals("--config") && i + 1 < args.length) {
                value = args[++i];
                found++;
            } else if (args[i].startsWith("--config=")) {
                value = args[i].substring("--config=".length());
                found++;
            }
        }
        if (found != 1 || value.isEmpty() || value.startsWith("-")) return null;
        try {
            return Path.of(value);
        } catch (java.nio.file.InvalidPathException e) {
            return null;
        }
    }

    /** The load started for {@code configDir}, once; null when none was (then the caller loads it). */
    synchronized ConfigLoader.Result take(Path configDir) {
        if (result == null || !dir.equals(configDir)) return null;
        var started = result;
        result = null;
        return dev.factory.runtime.Workers.join(started);
    }
}
