package dev.factory.runtime;

/**
 * Names and paths as they may be shown to a person. Anything an agent can name (a worktree, a log
 * file, a rendered path) may hold newlines or terminal escape sequences; printed raw, they forge
 * lines in the plan a person approves or repaint the terminal. Every such text goes through
 * {@link #escape} before it reaches a terminal, a Markdown comment or an HTML report: control
 * characters become {@code \n}, {@code \r}, {@code \t} or {@code \xNN}, and invisible or
 * direction-changing Unicode becomes {@code \\uNNNN}. JSON output stays exact (its own escaping
 * is unambiguous).
 */
public final class Printable {
    private Printable() {}

    public static String escape(String text) {
        if (text == null) return null;
        StringBuilder sb = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = replacement(c);
            if (replacement == null) {
                if (sb != null) sb.append(c);
                continue;
            }
            if (sb == null) sb = new StringBuilder(text.length() + 16).append(text, 0, i);
            sb.append(replacement);
        }
        return sb == null ? text : sb.toString();
    }

    /** Each line of a multi-line text escaped on its own; the line breaks are kept. */
    public static String escapeLines(String text) {
        if (text == null) return null;
        var lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) lines[i] = escape(lines[i]);
        return String.join("\n", lines);
    }

    private static String replacement(char c) {
        switch (c) {
            case '\n':
                return "\\n";
            case '\r':
                return "\\r";
            case '\t':
                return "\\t";
            default:
                break;
        }
        if (c < 0x20 || c == 0x7f) return String.format("\\x%02x", (int) c);
        if (c >= 0x80 && c <= 0x9f) return String.format("\\u%04x", (int) c);   // C1 controls, CSI among them
        if (c >= 0x200b && c <= 0x200f || c >= 0x202a && c <= 0x202e || c >= 0x2066 && c <= 0x2069 || c == 0xfeff || c == 0x2028 || c == 0x2029) {
            return String.format("\\u%04x", (int) c);
        }
        return null;
    }

    /** A Markdown code span around {@code text}, its fence longer than any backtick run inside. */
    public static String code(String text) {
        String t = escape(text);
        int longest = 0, run = 0;
        for (int i = 0; i < t.length(); i++) {
            run = t.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String fence = "`".repeat(longest + 1);
        String pad = longest > 0 ? " " : "";
        return fence + pad + t + pad + fence;
    }
}
