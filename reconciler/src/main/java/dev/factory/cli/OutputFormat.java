package dev.factory.cli;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The one output vocabulary of every command: {@code --format text|json|markdown|html} where the
 * command has that view ({@code md} is accepted for markdown), and {@code --json} as shorthand for
 * {@code --format json}. A command lists the formats it has; asking for another, or passing
 * {@code --json} with a different {@code --format}, is a usage error rather than a silent choice.
 */
enum OutputFormat {
    text, json, markdown, html;

    /** Accepts the names, any case, and md for markdown. */
    static final class Converter implements CommandLine.ITypeConverter<OutputFormat> {
        @Override
        public OutputFormat convert(String value) {
            String v = value.strip().toLowerCase(Locale.ROOT);
            if (v.equals("md")) return markdown;
            for (OutputFormat f : values()) if (f.name().equals(v)) return f;
            throw new CommandLine.TypeConversionException("'" + value + "' is not a format: use "
                    + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")));
        }
    }

    /** Completion candidates for the commands with text and json views. */
    static final class TextOrJson extends Candidates {
        TextOrJson() {
            super(text, json);
        }
    }

    /** Completion candidates for the plan views. */
    static final class PlanViews extends Candidates {
        PlanViews() {
            super(text, json, markdown);
        }
    }

    /** Completion candidates for the drift report. */
    static final class ReportViews extends Candidates {
        ReportViews() {
            super(markdown, html, json);
        }
    }

    abstract static class Candidates implements Iterable<String> {
        private final java.util.List<String> names;

        Candidates(OutputFormat... formats) {
            names = Arrays.stream(formats).map(Enum::name).toList();
        }

        @Override
        public java.util.Iterator<String> iterator() {
            return names.iterator();
        }
    }

    /**
     * The format a command prints in: {@code --json}, {@code --format}, else {@code fallback}.
     *
     * @throws CommandLine.ParameterException when the two flags disagree or the command has no such view
     */
    static OutputFormat choose(CommandSpec spec, boolean json, OutputFormat format, OutputFormat fallback, OutputFormat... supported) {
        if (json && format != null && format != OutputFormat.json) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--json and --format " + format + " ask for different outputs: pass one of them");
        }
        OutputFormat chosen = json ? OutputFormat.json : format != null ? format : fallback;
        var has = supported.length == 0 ? EnumSet.noneOf(OutputFormat.class) : EnumSet.copyOf(Arrays.asList(supported));
        if (!has.contains(chosen)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "'" + spec.qualifiedName() + "' has no " + chosen + " output: use "
                    + has.stream().map(Enum::name).collect(Collectors.joining(", ")));
        }
        return chosen;
    }
}
