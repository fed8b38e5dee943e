package dev.factory.cli;

import dev.factory.plan.Plan;
import dev.factory.plan.PlanJson;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "show", description = "Print a plan saved with 'factory plan --out FILE', as text, JSON or Markdown; reads nothing else.")
final class ShowCommand implements Callable<Integer> {
    @ParentCommand
    FactoryCommand root;

    @Parameters(paramLabel = "PLANFILE", description = "The saved plan.")
    Path file;

    @picocli.CommandLine.Mixin
    FormatOptions.Plan format;

    @Option(names = "--no-color", description = "Plain text even on a terminal.")
    boolean noColor;

    @Override
    public Integer call() throws Exception {
        OutputFormat chosen = format.chosen();
        Plan plan = PlanJson.read(file);
        boolean color = !noColor && System.getenv("NO_COLOR") == null && System.console() != null;
        PlanViews.print(plan, chosen, color, "(the state dir of the host that made it)", root.console().out());
        return ExitCodes.OK;
    }
}
