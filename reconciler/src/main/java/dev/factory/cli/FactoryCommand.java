package dev.factory.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Command;

@Command(name = "factory", mixinStandardHelpOptions = true, scope = picocli.CommandLine.ScopeType.INHERIT, versionProvider = Version.class,
        description = "Declarative reconciler for a host that runs AI coding agents.",
        footer = {"", "Exit codes: 0 success or no changes, 1 error, 2 changes pending (plan --detailed-exitcode), 64 usage."})
final class FactoryCommand implements Runnable {
    /**
     * The subcommands, in the order help lists them. Registered by {@link Main#commandLine}: all of
     * them, or only the one a run names (picocli reads every command's options by reflection when
     * it is registered, a tenth of a second of a short run for all 24).
     */
    static final java.util.List<Class<?>> SUBCOMMANDS = java.util.List.of(ValidateCommand.class, PlanCommand.class, ApplyCommand.class,
            ImportCommand.class, PrPlanCommand.class, StatusCommand.class, LaneCommand.class, DoctorCommand.class, McpBridgeCommand.class,
            RunnerSlotCommand.class, DriftCommand.class, DaemonCommand.class, JobCommand.class, InstallSystemdCommand.class,
            CompletionCommand.class, ShowCommand.class, GraphCommand.class, VersionCommand.class, ControlCommands.Reconcile.class,
            ControlCommands.Suspend.class, ControlCommands.Resume.class, BenchPlanCommand.class, BenchHashCommand.class,
            picocli.CommandLine.HelpCommand.class);

    private final Console console;
    private final Prompter prompter;
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** For picocli's generators (man pages, completion): the console of a real run. */
    FactoryCommand() {
        this(new PrintWriter(System.out, true), new PrintWriter(System.err, true), Prompter.terminal());
    }

    FactoryCommand(PrintWriter out, PrintWriter err, Prompter prompter) {
        this(out, err, prompter, ConfigPrefetch.NONE);
    }

    FactoryCommand(PrintWriter out, PrintWriter err, Prompter prompter, ConfigPrefetch prefetch) {
        this.console = new Console(out, err, prefetch);
        this.prompter = prompter;
    }

    Console console() {
        return console;
    }

    Prompter prompter() {
        return prompter;
    }

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a command is required, for example: factory plan (factory --help lists them all)");
    }
}
