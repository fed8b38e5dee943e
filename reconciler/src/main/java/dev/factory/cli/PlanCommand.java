package dev.factory.cli;

import dev.factory.config.ConfigLoader;
import dev.factory.config.Desired;
import dev.factory.engine.Reconciler;
import dev.factory.plan.Plan;
import dev.factory.plan.PlanJson;
import dev.factory.state.AtomicFiles;
import dev.factory.state.StateDir;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "plan", description = "Show what apply would change, without changing anything.")
final class PlanCommand extends ConfigCommand {
    @picocli.CommandLine.Mixin
    FormatOptions.Plan format;

    @picocli.CommandLine.Mixin
    TargetOptions target;

    @picocli.CommandLine.Mixin
    RefreshOption refresh;

    @Option(names = "--out", paramLabel = "FILE", description = "Also save the plan, for 'factory apply FILE'.")
    Path out;

    @Option(names = "--detailed-exitcode", description = "Exit 2 when changes are pending, 0 when there are none.")
    boolean detailedExitCode;

    private OutputFormat chosen;

    @Override
    void checkOptions() {
        chosen = format.chosen();
    }

    @Override
    int run(Console console, Desired desired, ConfigLoader.Result loaded) throws Exception {
        StateDir stateDir = StateDir.resolve(common.stateDir, loaded.desired().host(), loaded.desired().configDir());
        Plan plan;
        try (Reconciler reconciler = dev.factory.app.Adapters.reconciler(loaded.desired(), loaded.diagnostics(), stateDir, console::progress)) {
            plan = target.targeting().select(refresh.apply(reconciler).plan());
        }
        long t = System.nanoTime();
        PlanViews.print(plan, chosen, common.color(), stateDir.root().toString(), console.out());
        dev.factory.runtime.Timing.mark("plan: print", t);
        if (out != null) {
            AtomicFiles.write(out, PlanJson.write(plan).getBytes(StandardCharsets.UTF_8));
            console.err().println("Saved the plan to " + out + "; apply exactly this plan with: factory apply " + out);
        }
        if (plan.hasErrors()) return ExitCodes.ERROR;
        return detailedExitCode && plan.hasPendingChanges() ? ExitCodes.CHANGES_PENDING : ExitCodes.OK;
    }
}
