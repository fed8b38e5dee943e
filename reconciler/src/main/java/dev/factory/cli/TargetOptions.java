package dev.factory.cli;

import dev.factory.plan.Targeting;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** --target / --exclude for plan and apply (Terraform's -target and OpenTofu's -exclude, spelled either way). */
final class TargetOptions {
    @Option(names = {"--target", "-target"}, paramLabel = "ADDRESS",
            description = "Plan only this object and what it depends on (kind/name, or a prefix ending in *); repeatable. The plan is partial and says so.")
    List<String> targets = new ArrayList<>();

    @Option(names = {"--exclude", "-exclude"}, paramLabel = "ADDRESS",
            description = "Leave out this object and everything that depends on it (kind/name, or a prefix ending in *); repeatable.")
    List<String> excludes = new ArrayList<>();

    Targeting targeting() {
        return new Targeting(targets, excludes);
    }
}
