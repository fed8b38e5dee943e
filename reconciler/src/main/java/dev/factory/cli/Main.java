package dev.factory.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** The {@code factory} command line. {@link #run} is the same path tests drive. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        dev.factory.runtime.Timing.mark("jvm: start-up to main", dev.factory.runtime.Timing.jvmStart());
        var out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        var err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        long t = System.nanoTime();
        int code = execute(args, out, err, Prompter.terminal());
        dev.factory.runtime.Timing.mark("command (total)", t);
        System.exit(code);
    }

    /** What {@code factory ARGS} does: a plan a running daemon answers straight away ({@link QuickPlan}), else {@link #run}. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err, Prompter prompter) {
        try {
            Integer answered = QuickPlan.answer(args, out, err);   // before the command line is built
            return answered != null ? answered : run(args, out, err, prompter);
        } finally {
            QuickPlan.ASKED.remove();
        }
    }

    /**
     * One line for what went wrong, never a stack trace (FACTORY_DEBUG=1 adds it). An exception
     * factory does not throw on purpose is a bug, and says so.
     */
    static int failed(Throwable e, PrintWriter err) {
        if (e instanceof dev.factory.runtime.UsageError) {
            err.println("error: " + dev.factory.runtime.Printable.escapeLines(e.getMessage()));
            err.flush();
            return ExitCodes.USAGE;
        }
        if (isBug(e)) {
            err.println("internal error: " + e + " (a bug in factory, not in your config: please report it with the output of FACTORY_DEBUG=1)");
        } else {
            err.println("error: " + dev.factory.runtime.Printable.escapeLines(dev.factory.runtime.Errors.human(e.getMessage() == null ? e.toString() : e.getMessage())));
        }
        if (System.getenv("FACTORY_DEBUG") != null) e.printStackTrace(err);
        err.flush();
        return ExitCodes.ERROR;
    }

    private static boolean isBug(Throwable e) {
        return e instanceof Error || e instanceof NullPointerException || e instanceof ClassCastException
                || e instanceof IndexOutOfBoundsException || e instanceof ArithmeticException
                || e instanceof UnsupportedOperationException || e instanceof java.util.ConcurrentModificationException
                || e.getMessage() == null;
    }

    /** The command tree with factory's settings: what runs, what completion and man pages are generated from. */
    static CommandLine commandLine(FactoryCommand factory) {
        return commandLine(factory, FactoryCommand.SUBCOMMANDS);
    }

    static CommandLine commandLine(FactoryCommand factory, java.util.List<Class<?>> subcommands) {
        var cli = new CommandLine(factory);
        subcommands.forEach(cli::addSubcommand);
        return cli.setAbbreviatedOptionsAllowed(false).setCaseInsensitiveEnumValuesAllowed(true);
    }

    /**
     * The subcommand {@code args} run, when it is one by its own name (or alias) that works alone;
     * empty for anything that needs the whole tree: no command, an option first, help, completion,
     * or a word that is not a command (picocli suggests the nearest ones).
     */
    static java.util.Optional<Class<?>> named(String[] args) {
        if (args.length == 0) return java.util.Optional.empty();
        for (Class<?> c : FactoryCommand.SUBCOMMANDS) {
            if (c == picocli.CommandLine.HelpCommand.class || c == CompletionCommand.class) continue;
            var command = c.getAnnotation(picocli.CommandLine.Command.class);
            if (command.name().equals(args[0]) || java.util.Arrays.asList(command.aliases()).contains(args[0])) return java.util.Optional.of(c);
        }
        return java.util.Optional.empty();
    }

    public static int run(String[] args, PrintWriter rawOut, PrintWriter rawErr, Prompter prompter) {
        // every byte printed passes the masker: a secret value factory resolved never reaches a terminal or a log
        var out = dev.factory.secrets.Masker.printWriter(rawOut);
        var err = dev.factory.secrets.Masker.printWriter(rawErr);
        long t = System.nanoTime();
        var command = named(args);
        var prefetch = ConfigPrefetch.start(args, command.orElse(null));   // beside the command line's building
        var cli = commandLine(new FactoryCommand(out, err, prompter, prefetch), command.<java.util.List<Class<?>>>map(java.util.List::of).orElse(FactoryCommand.SUBCOMMANDS))
                .setOut(out)
                .setErr(err)
                .setParameterExceptionHandler((e, a) -> {
                    err.println("error: " + e.getMessage());
                    CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
                    err.println("Run '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
                    err.flush();
                    return ExitCodes.USAGE;
                })
                .setExecutionExceptionHandler((e, cmd, parsed) -> failed(e, err));
        dev.factory.runtime.Timing.mark("cli: command line built", t);
        int code;
        try {
            code = cli.execute(args);
        } catch (Throwable e) {   // an Error (stack overflow, out of memory) that picocli lets through
            code = failed(e, err);
        }
        if (System.getenv("FACTORY_API_STATS") != null) {
            err.println("docker api calls: " + dev.factory.docker.ApiCalls.snapshot() + " (mutating: " + dev.factory.docker.ApiCalls.mutating() + ")");
        }
        out.flush();
        err.flush();
        return code;
    }
}
