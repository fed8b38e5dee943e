package dev.factory.cli;

import dev.factory.apply.ApplyOptions;
import dev.factory.apply.ApplyResult;
import dev.factory.apply.ApplyResult.Status;
import dev.factory.engine.Reconciler;
import dev.factory.plan.Action;
import dev.factory.plan.Change;
import dev.factory.plan.Plan;
import dev.factory.plan.PlanJson;
import dev.factory.plan.Printable;
import dev.factory.plan.StalePlan;
import dev.factory.plan.TextPlanView;
import dev.factory.state.LockHeldException;
import dev.factory.state.StateDir;
import dev.factory.state.StateLock;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "apply", description = {
        "Converge the host on the config: plan, confirm, then apply in dependency order.",
        "With FILE, apply exactly that saved plan, refusing it if anything moved since it was made."})
final class ApplyCommand implements Callable<Integer> {
    @ParentCommand
    FactoryCommand root;

    @Mixin
    CommonOptions common;

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "A plan saved with 'factory plan --out FILE'.")
    Path savedPlan;

    @Option(names = "--auto-approve", description = "Apply without asking (needed when there is no terminal).")
    boolean autoApprove;

    @Option(names = "--allow-mass-delete", description = "Apply even when the plan deletes more than prune.maxDeletions, or more than half of the managed objects.")
    boolean allowMassDelete;

    @Option(names = "--parallelism", paramLabel = "N", description = "Independent changes run at once (default: ${DEFAULT-VALUE}).",
            defaultValue = "4")
    int parallelism;

    @Override
    public Integer call() throws Exception {
        Console console = root.console();
        Plan saved = savedPlan == null ? null : PlanJson.read(savedPlan);
        var loaded = saved == null ? console.load(common) : console.load(Path.of(saved.configDir()), List.of());
        if (!loaded.ok()) return ExitCodes.ERROR;
        StateDir stateDir = StateDir.resolve(common.stateDir, loaded.desired().host(), loaded.desired().configDir());

        try (StateLock lock = StateLock.acquire(stateDir, "factory apply", w -> console.err().println("warning: " + w));
             Reconciler reconciler = Reconciler.open(loaded.desired(), loaded.diagnostics(), stateDir, console::progress)) {
            Plan plan = reconciler.plan();
            var text = new TextPlanView(common.color());
            if (saved != null) {
                List<String> moved = StalePlan.differences(saved, plan);
                if (!moved.isEmpty()) {
                    console.err().println("error: the saved plan " + savedPlan + " (made " + saved.createdAt() + ") is stale:");
                    moved.forEach(m -> console.err().println("  - " + m));
                    console.err().println("Nothing was applied. Make a new plan with: factory plan --out " + savedPlan);
                    return ExitCodes.ERROR;
                }
            }
            console.out().print(text.render(plan, stateDir.root().toString()));
            console.out().flush();
            if (plan.hasErrors()) {
                console.err().println("error: the plan has errors (above); nothing was applied.");
                return ExitCodes.ERROR;
            }
            int unknown = plan.summary().get(Action.UNKNOWN);
            if (plan.mutating().isEmpty()) {
                return unknown > 0 ? ExitCodes.ERROR : ExitCodes.OK;
            }
            var guard = reconciler.blastRadius(plan);
            if (guard.trips() && !allowMassDelete) {
                console.err().println("error: refusing a mass delete: " + guard.describe()
                        + ". Review the plan; if it is right, apply again with --allow-mass-delete. Nothing was applied.");
                return ExitCodes.ERROR;
            }
            if (saved == null && !autoApprove && !confirm(console, plan)) return ExitCodes.ERROR;

            ApplyResult result = reconciler.apply(plan, ApplyOptions.defaults().withParallelism(parallelism), console::progress);
            console.out().println();
            console.out().println("Apply " + (result.succeeded() ? "complete" : "incomplete") + ": "
                    + result.count(Status.APPLIED) + " applied, " + result.count(Status.FAILED) + " failed, "
                    + result.count(Status.SKIPPED) + " skipped.");
            for (var o : result.outcomes()) {
                if (o.status() != Status.APPLIED) {
                    console.out().println("  " + o.status().name().toLowerCase() + " " + Printable.escape(o.address() + ": " + o.message()));
                }
            }
            Plan after = reconciler.afterApply();
            var pending = after.changes().stream().filter(c -> c.action() != Action.NO_OP).toList();
            if (!pending.isEmpty()) {
                console.out().println("Still pending after apply:");
                for (Change c : pending) console.out().println("  " + c.action().word() + " " + Printable.escape(c.address() + ": " + c.reason()));
            }
            console.out().flush();
            return result.succeeded() && pending.isEmpty() ? ExitCodes.OK : ExitCodes.ERROR;
        } catch (LockHeldException e) {
            console.err().println("error: " + Printable.escapeLines(e.getMessage()));
            return ExitCodes.ERROR;
        }
    }

    private boolean confirm(Console console, Plan plan) {
        var answer = root.prompter().ask("Apply these " + plan.mutating().size() + " changes? Only 'yes' will be accepted: ");
        if (answer.isEmpty()) {
            console.err().println("error: apply asks for confirmation and there is no terminal to ask on; "
                    + "review 'factory plan' and pass --auto-approve, or apply a saved plan file");
            return false;
        }
        if (!answer.get().strip().equals("yes")) {
            console.err().println("Apply cancelled; nothing was changed.");
            return false;
        }
        return true;
    }
}
