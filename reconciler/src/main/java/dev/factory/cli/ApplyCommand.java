package dev.factory.cli;

import dev.factory.apply.ApplyOptions;
import dev.factory.app.Adapters;
import dev.factory.engine.Converge;
import dev.factory.engine.Reconciler;
import dev.factory.plan.Plan;
import dev.factory.plan.PlanJson;
import dev.factory.runtime.Printable;
import dev.factory.plan.StalePlan;
import dev.factory.plan.TextPlanView;
import dev.factory.state.LockHeldException;
import dev.factory.state.StateDir;
import dev.factory.state.StateLock;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
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

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "A plan saved with 'factory plan --out FILE'.")
    Path savedPlan;

    @Option(names = "--auto-approve", description = "Apply without asking (needed when there is no terminal).")
    boolean autoApprove;

    @Option(names = "--allow-mass-delete", description = "Apply even when the plan deletes more than prune.maxDeletions, or more than half of the managed objects.")
    boolean allowMassDelete;

    @Mixin
    TargetOptions target;

    @Mixin
    RefreshOption refresh;

    /** Read by QuickPlan, which leaves an apply with it to this command: it never asks a daemon. */
    @Option(names = "--no-daemon", description = "Plan and apply in this process even when a running daemon could tell that nothing is to be done.")
    boolean noDaemon;

    @Option(names = "--parallelism", paramLabel = "N", description = "Independent changes run at once (default: ${DEFAULT-VALUE}).",
            defaultValue = "4")
    int parallelism;

    @Override
    public Integer call() throws Exception {
        Console console = root.console();
        Plan saved = savedPlan == null ? null : PlanJson.read(savedPlan);
        if (saved != null && target.targeting().partial()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "a saved plan is applied as it was made: --target/--exclude belong to 'factory plan --out FILE'");
        }
        var loaded = saved == null ? console.load(common) : console.load(Path.of(saved.configDir()), List.of());
        if (!loaded.ok()) return ExitCodes.ERROR;
        StateDir stateDir = StateDir.resolve(common.stateDir, loaded.desired().host(), loaded.desired().configDir());

        try (Interrupt interrupt = Interrupt.install(console.err());
             StateLock lock = StateLock.acquire(stateDir, "factory apply", w -> console.err().println("warning: " + w));
             Reconciler reconciler = refresh.apply(Adapters.reconciler(loaded.desired(), loaded.diagnostics(), stateDir, console::progress))) {
            var text = new TextPlanView(common.color());
            var outcome = Converge.run(reconciler, new Converge.Steps() {
                @Override
                public Optional<List<String>> check(Plan plan) {
                    return saved == null ? Optional.empty() : Optional.of(StalePlan.differences(saved, plan)).filter(m -> !m.isEmpty());
                }

                @Override
                public void planned(Plan plan) {
                    console.out().print(text.render(plan, stateDir.root().toString()));
                    console.out().flush();
                }

                @Override
                public boolean approve(Plan plan) {
                    return saved != null || autoApprove || confirm(console, plan);
                }

                @Override
                public boolean allowMassDelete() {
                    return allowMassDelete;
                }

                @Override
                public dev.factory.plan.Targeting targeting() {
                    if (saved == null) return target.targeting();
                    return saved.targeting();
                }

                @Override
                public ApplyOptions applyOptions() {
                    return ApplyOptions.defaults().withParallelism(parallelism).withStop(interrupt::requested);
                }
            }, console::progress);
            ConvergeView.render(outcome, savedPlan, saved, console.out(), console.err());
            if (interrupt.requested()) {
                console.err().println("Stopped by Ctrl-C: what was applied is journaled; run 'factory apply' again for the rest.");
                return ExitCodes.INTERRUPTED;
            }
            return outcome.ok() ? ExitCodes.OK : ExitCodes.ERROR;
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
