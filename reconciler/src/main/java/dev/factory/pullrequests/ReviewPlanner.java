package dev.factory.pullrequests;

import dev.factory.app.Adapters;
import dev.factory.app.Registry;
import dev.factory.config.Desired;
import dev.factory.config.Diagnostic;
import dev.factory.engine.Reconciler;
import dev.factory.plan.MarkdownPlanView;
import dev.factory.plan.Plan;
import dev.factory.runtime.Printable;
import dev.factory.plan.TextPlanView;
import dev.factory.state.StateDir;
import java.nio.file.Path;

/**
 * A pull request's config, planned as data: loaded with the running config's {@code host:}
 * (its state dir, engine, secrets and home: a pull request cannot move them), planned read-only
 * against live state without fetching what it names, and rendered for a comment its author reads
 * (swept files and worktrees counted, not listed; no host notes).
 */
public final class ReviewPlanner {
    private ReviewPlanner() {}

    public static PullRequestPlans.Outcome plan(Path configDir, Desired trusted, StateDir state) {
        Path checkout = configDir;
        while (checkout.getParent() != null && !java.nio.file.Files.isDirectory(checkout.resolve(".git"))) checkout = checkout.getParent();
        String root = checkout.toString() + "/";
        var loaded = Registry.configLoader().load(configDir, trusted.host());
        if (!loaded.ok()) {
            var errors = loaded.diagnostics().stream().filter(Diagnostic::isError).toList();
            var md = new StringBuilder("### factory plan: the config is not valid\n\n");
            for (Diagnostic d : errors) {
                md.append("- ").append(Printable.code(d.format().replace(root, ""))).append('\n');
            }
            md.append("\nNothing was planned. Fix ").append(errors.size() == 1 ? "this error" : "these errors").append(" and push again.\n");
            return new PullRequestPlans.Outcome(false, errors.size() + " error" + (errors.size() == 1 ? "" : "s") + " in the config", md.toString());
        }
        try (Reconciler reconciler = Adapters.reviewer(loaded.desired(), loaded.diagnostics(), state)) {
            Plan plan = reconciler.plan();
            String md = MarkdownPlanView.forPullRequest(reconciler.sweepKinds()).render(plan).replace(root, "");
            return new PullRequestPlans.Outcome(!plan.hasErrors(), plan.hasErrors() ? "the plan has errors" : TextPlanView.summaryLine(plan), md);
        } catch (Exception e) {
            return new PullRequestPlans.Outcome(false, "planning failed", "factory could not plan this head: "
                    + Printable.escape(String.valueOf(e.getMessage()).replace(root, "")) + "\n");
        }
    }
}
