package dev.factory.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** The {@code factory} command line. {@link #run} is the same path tests drive. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        var out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        var err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        System.exit(run(args, out, err, Prompter.terminal()));
    }

    public static int run(String[] args, PrintWriter out, PrintWriter err, Prompter prompter) {
        var factory = new FactoryCommand(out, err, prompter);
        var cli = new CommandLine(factory)
                .setOut(out)
                .setErr(err)
                .setParameterExceptionHandler((e, a) -> {
                    err.println("error: " + e.getMessage());
                    err.println("Run '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
                    err.flush();
                    return ExitCodes.USAGE;
                })
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    err.println("error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
                    if (System.getenv("FACTORY_DEBUG") != null) e.printStackTrace(err);
                    err.flush();
                    return ExitCodes.ERROR;
                });
        int code = cli.execute(args);
        if (System.getenv("FACTORY_API_STATS") != null) {
            err.println("docker api calls: " + dev.factory.docker.ApiCalls.snapshot() + " (mutating: " + dev.factory.docker.ApiCalls.mutating() + ")");
        }
        out.flush();
        err.flush();
        return code;
    }
}
