package dev.factory.cli;

import dev.factory.config.ConfigLoader;
import dev.factory.config.Desired;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** A subcommand that works on a loaded config: finds it, loads it, and stops with exit 1 when it is invalid. */
abstract class ConfigCommand implements Callable<Integer> {
    @ParentCommand
    FactoryCommand root;

    @Mixin
    CommonOptions common;

    @Override
    public final Integer call() throws Exception {
        checkOptions();
        Console console = root.console();
        Integer answered = beforeLoad(console);
        if (answered != null) return answered;
        long t = System.nanoTime();
        var loaded = console.load(common);
        dev.factory.runtime.Timing.mark("config: load (total)", t);
        if (!loaded.ok()) return ExitCodes.ERROR;
        return run(console, loaded.desired(), loaded);
    }

    /** A result without loading the config here (plan, answered by a running daemon); null to go on and load it. */
    Integer beforeLoad(Console console) throws Exception {
        return null;
    }

    /** Usage errors among the options, found before the config is loaded (a ParameterException exits 64). */
    void checkOptions() {}

    abstract int run(Console console, Desired desired, ConfigLoader.Result loaded) throws Exception;
}
