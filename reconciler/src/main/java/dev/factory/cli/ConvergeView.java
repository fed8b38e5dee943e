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
            case NOTHING_TO_DO, NOT_APPROVED -> { }
            case CONVERGED, INCOMPLETE -> applied(outcome, out);
        }
        out.flush();
        err.flush();
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
