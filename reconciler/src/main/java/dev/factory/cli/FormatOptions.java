package dev.factory.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** --json and --format, as mixins: one for the commands with text and JSON views, one for the plan views. */
final class FormatOptions {
    private FormatOptions() {}

    static final class TextOrJson {
        @Spec(Spec.Target.MIXEE)
        CommandSpec mixee;

        @Option(names = "--json", description = "Print JSON; same as --format json.")
        boolean json;

        @Option(names = "--format", paramLabel = "FORMAT", converter = OutputFormat.Converter.class,
                completionCandidates = OutputFormat.TextOrJson.class, description = "${COMPLETION-CANDIDATES} (default: text).")
        OutputFormat format;

        /** @throws picocli.CommandLine.ParameterException when the flags disagree or ask for a view the command lacks */
        boolean asJson() {
            return OutputFormat.choose(mixee, json, format, OutputFormat.text, OutputFormat.text, OutputFormat.json) == OutputFormat.json;
        }
    }

    static final class Plan {
        @Spec(Spec.Target.MIXEE)
        CommandSpec mixee;

        @Option(names = "--json", description = "Print the plan as JSON (schema/plan.schema.json); same as --format json.")
        boolean json;

        @Option(names = "--format", paramLabel = "FORMAT", converter = OutputFormat.Converter.class,
                completionCandidates = OutputFormat.PlanViews.class, description = "${COMPLETION-CANDIDATES} (default: text; md is markdown).")
        OutputFormat format;

        OutputFormat chosen() {
            return OutputFormat.choose(mixee, json, format, OutputFormat.text, OutputFormat.text, OutputFormat.json, OutputFormat.markdown);
        }
    }
}
