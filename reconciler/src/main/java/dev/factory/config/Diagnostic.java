package dev.factory.config;

/**
 * One finding about the config or the plan: what is wrong, where, and what to do.
 * Loading and planning collect these instead of throwing, so the user sees every problem at once.
 */
public record Diagnostic(Severity severity, String summary, String detail, SourceLocation location, String yamlPath) {

    /** NOTE: worth knowing, no action needed (a dirty clone left alone, linked worktrees). */
    public enum Severity { ERROR, WARNING, NOTE }

    public static Diagnostic error(SourceLocation location, String yamlPath, String summary) {
        return new Diagnostic(Severity.ERROR, summary, null, location, yamlPath);
    }

    public static Diagnostic warning(SourceLocation location, String yamlPath, String summary) {
        return new Diagnostic(Severity.WARNING, summary, null, location, yamlPath);
    }

    public static Diagnostic note(SourceLocation location, String yamlPath, String summary) {
        return new Diagnostic(Severity.NOTE, summary, null, location, yamlPath);
    }

    public Diagnostic withDetail(String newDetail) {
        return new Diagnostic(severity, summary, newDetail, location, yamlPath);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code FILE:LINE:COL: error: message (at images.base.args)} */
    public String format() {
        var sb = new StringBuilder();
        if (location != null) sb.append(dev.factory.runtime.Printable.escape(location.toString())).append(": ");
        sb.append(severity.name().toLowerCase(java.util.Locale.ROOT)).append(": ").append(dev.factory.runtime.Printable.escape(summary));
        if (yamlPath != null && !yamlPath.isEmpty()) sb.append(" (at ").append(dev.factory.runtime.Printable.escape(yamlPath)).append(')');
        if (detail != null && !detail.isEmpty()) sb.append("\n    ").append(dev.factory.runtime.Printable.escapeLines(detail).replace("\n", "\n    "));
        return sb.toString();
    }
}
