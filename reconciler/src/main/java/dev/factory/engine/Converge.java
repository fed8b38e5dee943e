package dev.factory.engine;

import dev.factory.apply.ApplyOptions;
import dev.factory.apply.ApplyResult;
import dev.factory.plan.Action;
import dev.factory.plan.BlastRadius;
import dev.factory.plan.Change;
import dev.factory.plan.Plan;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The one converge flow, for the CLI and the daemon alike: plan, check (a saved plan still
 * matches), guard (no mass delete unless allowed), approve (a person, or the schedule's
 * {@code autoApply}), apply, then plan again to verify and record what it converged to. It returns
 * an {@link Outcome}; callers render it (text, daemon state, status) and print nothing here.
 */
public final class Converge {
    private Converge() {}

    /** How a converge ended. */
    public enum Result {
        /** The config or the live state gave the plan errors: nothing applied. */
        PLAN_ERRORS,
        /** {@link Steps#check} refused the plan (a stale saved plan): nothing applied. */
        CHECK_FAILED,
        /** Nothing to apply (unknown changes may remain). */
        NOTHING_TO_DO,
        /** The plan deletes too much, and that was not allowed: nothing applied. */
        REFUSED,
        /** Not approved: nothing applied. */
        NOT_APPROVED,
        /** Applied, and the plan after it has nothing pending. */
        CONVERGED,
        /** Applied, but a change failed or something is still pending. */
        INCOMPLETE
    }

    /**
     * What the caller decides. {@code check} may refuse a plan (why, or empty); {@code approve}
     * is asked only for a plan that mutates and passed the guard.
     */
    public interface Steps {
        default Optional<List<String>> check(Plan plan) {
            return Optional.empty();
        }

        /** Called once the plan is made, before it is guarded or approved (the CLI prints it). */
        default void planned(Plan plan) {}

        boolean approve(Plan plan);

        default boolean allowMassDelete() {
            return false;
        }

        ApplyOptions applyOptions();

        /** --target/--exclude: the plan and its verifying plan are narrowed the same way. */
        default dev.factory.plan.Targeting targeting() {
            return dev.factory.plan.Targeting.ALL;
        }
    }

    /**
     * @param plan what was planned
     * @param guard the mass-delete guard's reading of it
     * @param refusals why {@link Steps#check} refused it
     * @param applied what the apply did, when it ran
     * @param after the plan made after the apply, when it ran
     */
    public record Outcome(Result result, Plan plan, BlastRadius guard, List<String> refusals, ApplyResult applied, Plan after) {

        /** Changes still not converged: after an apply, what its verifying plan still wants; else what the plan wants. */
        public List<Change> pending() {
            Plan latest = after != null ? after : plan;
            return latest.changes().stream().filter(c -> c.action() != Action.NO_OP).toList();
        }

        /** True for the results a caller reports as success. */
        public boolean ok() {
            return result == Result.CONVERGED || result == Result.NOTHING_TO_DO && plan.summary().get(Action.UNKNOWN) == 0;
        }
    }

    public static Outcome run(Reconciler reconciler, Steps steps, Consumer<String> progress) throws IOException, InterruptedException {
        Plan plan = steps.targeting().select(reconciler.plan());
        BlastRadius guard = reconciler.blastRadius(plan);
        var refusals = steps.check(plan);
        if (refusals.isPresent()) return new Outcome(Result.CHECK_FAILED, plan, guard, refusals.get(), null, null);
        steps.planned(plan);
        if (plan.hasErrors()) return new Outcome(Result.PLAN_ERRORS, plan, guard, List.of(), null, null);
        if (plan.mutating().isEmpty()) return new Outcome(Result.NOTHING_TO_DO, plan, guard, List.of(), null, null);
        if (guard.trips() && !steps.allowMassDelete()) return new Outcome(Result.REFUSED, plan, guard, List.of(), null, null);
        if (!steps.approve(plan)) return new Outcome(Result.NOT_APPROVED, plan, guard, List.of(), null, null);
        ApplyResult applied = reconciler.apply(plan, steps.applyOptions(), progress);
        Plan after = steps.targeting().select(reconciler.afterApply());
        boolean pending = after.changes().stream().anyMatch(c -> c.action() != Action.NO_OP);
        return new Outcome(applied.succeeded() && !pending ? Result.CONVERGED : Result.INCOMPLETE, plan, guard, List.of(), applied, after);
    }
}
