package dev.factory.cli;

import dev.factory.apply.ApplyResult.Status;
import dev.factory.engine.Converge;
import dev.factory.plan.Plan;
import dev.factory.runtime.Printable;
import java.io.PrintWriter;
import java.nio.file.Path;

/** How {@code factory apply} tells a converge's outcome: what was applied, what failed, what is still pending. */
final class ConvergeView {
    private ConvergeView() {}

    static void render(Converge.Outcome outcome, Path savedPlan, Plan saved, PrintWriter out, PrintWriter err) {
        switch (outcome.result()) {
            case CHECK_FAILED -> {
                err.println("error: the saved plan " + savedPlan + " (made " + saved.createdAt() + ") is stale:");
                outcome.refusals().forEach(m -> err.println("  - " + m));
                err.println("Nothing was applied. Make a new plan with: factory plan --out " + savedPlan);
            }
            case PLAN_ERRORS -> err.println("error: the plan has errors (above); nothing was applied.");
            case REFUSED -> err.println("error: refusing a mass delete: " + outcome.guard().describe()
                    + ". Review the plan; if it is right, apply again with --allow-mass-delete. Nothing was applied.");
            case NOTHING_TO_DO -> {
                if (!outcome.ok()) err.println("error: nothing was applied, and " + unknownWhy(outcome.plan()));
            }
            case NOT_APPROVED -> { }   // the prompt said why
            case CONVERGED, INCOMPLETE -> applied(outcome, out);
        }
        out.flush();
        err.flush();
    }

    /** Why a plan with nothing to apply still failed: its unknown objects, with their distinct reasons. */
    static String unknownWhy(Plan plan) {
        var unknown = plan.changes().stream().filter(c -> c.action() == dev.factory.plan.Action.UNKNOWN).toList();
        var reasons = unknown.stream().map(c -> c.reason()).distinct().limit(3).toList();
        return unknown.size() + (unknown.size() == 1 ? " object is" : " objects are") + " unknown: "
                + Printable.escape(String.join("; ", reasons)) + ".";
    }

    private static void applied(Converge.Outcome outcome, PrintWriter out) {
        var result = outcome.applied();
        out.println();
        out.println("Apply " + (result.succeeded() ? "complete" : "incomplete") + ": "
                + result.count(Status.APPLIED) + " applied, " + result.count(Status.FAILED) + " failed, "
                + result.count(Status.SKIPPED) + " skipped.");
        for (var o : result.outcomes()) {
            if (o.status() != Status.APPLIED) {
                out.println("  " + o.status().name().toLowerCase() + " " + Printable.escape(o.address() + ": " + o.message()));
            }
        }
        var pending = outcome.pending();
        if (!pending.isEmpty()) {
            out.println("Still pending after apply:");
            pending.forEach(c -> out.println("  " + c.action().word() + " " + Printable.escape(c.address() + ": " + c.reason())));
        }
    }
}
