package dev.factory.cli;

import dev.factory.app.Adapters;
import dev.factory.config.ConfigLoader;
import dev.factory.config.Desired;
import dev.factory.engine.Reconciler;
import dev.factory.plan.Plan;
import dev.factory.plan.PlanGraph;
import dev.factory.plan.PlanJson;
import dev.factory.state.StateDir;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "graph", description = {"Print the change graph in Graphviz DOT: each object coloured by its action, an arrow to what it depends on.",
        "factory graph | dot -Tsvg > graph.svg"})
final class GraphCommand extends ConfigCommand {
    @Option(names = "--plan", paramLabel = "FILE", description = "Graph this saved plan instead of planning now.")
    Path saved;

    @Option(names = "--all", description = "Include objects with no change (default: changes only).")
    boolean all;

    @Mixin
    TargetOptions target;

    @Override
    int run(Console console, Desired desired, ConfigLoader.Result loaded) throws Exception {
        Plan plan;
        if (saved != null) {
            plan = PlanJson.read(saved);
        } else {
            StateDir stateDir = StateDir.resolve(common.stateDir, desired.host(), desired.configDir());
            try (Reconciler reconciler = Adapters.reconciler(desired, loaded.diagnostics(), stateDir, line -> { })) {
                plan = target.targeting().select(reconciler.plan());
            }
        }
        console.out().print(PlanGraph.dot(plan, !all));
        console.out().flush();
        return ExitCodes.OK;
    }
}
