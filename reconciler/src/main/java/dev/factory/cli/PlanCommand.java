package dev.factory.cli;

import dev.factory.config.ConfigLoader;
import dev.factory.config.Desired;
import dev.factory.engine.Reconciler;
import dev.factory.plan.MarkdownPlanView;
import dev.factory.plan.Plan;
import dev.factory.plan.PlanJson;
import dev.factory.plan.TextPlanView;
import dev.factory.state.AtomicFiles;
import dev.factory.state.StateDir;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "plan", description = "Show what apply would change, without changing anything.")
final class PlanCommand extends ConfigCommand {
    enum Format { text, json, markdown }

    @Option(names = "--json", description = "Print the plan as JSON (schema/plan.schema.json); same as --format json.")
    boolean json;

    @Option(names = "--format", paramLabel = "FORMAT", description = "text, json or markdown (default: text).")
    Format format = Format.text;

    @Option(names = "--out", paramLabel = "FILE", description = "Also save the plan, for 'factory apply FILE'.")
    Path out;

    @Option(names = "--detailed-exitcode", description = "Exit 2 when changes are pending, 0 when there are none.")
    boolean detailedExitCode;

    @Override
    int run(Console console, Desired desired, ConfigLoader.Result loaded) throws Exception {
        StateDir stateDir = StateDir.resolve(common.stateDir, loaded.desired().host(), loaded.desired().configDir());
        Plan plan;
        try (Reconciler reconciler = dev.factory.app.Adapters.reconciler(loaded.desired(), loaded.diagnostics(), stateDir, console::progress)) {
            plan = reconciler.plan();
        }
        Format chosen = json ? Format.json : format;
        switch (chosen) {
            case json -> console.out().print(PlanJson.write(plan));
            case markdown -> console.out().print(new MarkdownPlanView().render(plan));
            case text -> console.out().print(new TextPlanView(common.color()).render(plan, stateDir.root().toString()));
        }
        console.out().flush();
        if (out != null) {
            AtomicFiles.write(out, PlanJson.write(plan).getBytes(StandardCharsets.UTF_8));
            console.err().println("Saved the plan to " + out + "; apply exactly this plan with: factory apply " + out);
        }
        if (plan.hasErrors()) return ExitCodes.ERROR;
        return detailedExitCode && plan.hasPendingChanges() ? ExitCodes.CHANGES_PENDING : ExitCodes.OK;
    }
}
