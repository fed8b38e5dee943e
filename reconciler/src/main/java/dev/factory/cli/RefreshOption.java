package dev.factory.cli;

import dev.factory.engine.Reconciler;
import picocli.CommandLine.Option;

/** {@code --refresh} for plan and apply: observe afresh what a plan may otherwise reuse (Terraform's -refresh, Flux's reconcile --with-source). */
final class RefreshOption {
    @Option(names = {"--refresh", "-refresh"},
            description = "Fetch every repo's remote now, instead of reusing a fetch younger than its interval (repos.NAME.interval, default 5m).")
    boolean refresh;

    Reconciler apply(Reconciler reconciler) {
        return refresh ? reconciler.refresh() : reconciler;
    }
}
