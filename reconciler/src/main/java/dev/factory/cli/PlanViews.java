package dev.factory.cli;

import dev.factory.plan.MarkdownPlanView;
import dev.factory.plan.Plan;
import dev.factory.plan.PlanJson;
import dev.factory.plan.TextPlanView;
import java.io.PrintWriter;

/** A plan printed in the format asked for: what plan and show share. */
final class PlanViews {
    private PlanViews() {}

    static void print(Plan plan, OutputFormat format, boolean color, String stateRoot, PrintWriter out) {
        out.print(switch (format) {
            case json -> PlanJson.write(plan);
            case markdown -> new MarkdownPlanView().render(plan);
            case text, html -> new TextPlanView(color).render(plan, stateRoot);
        });
        out.flush();
    }
}
