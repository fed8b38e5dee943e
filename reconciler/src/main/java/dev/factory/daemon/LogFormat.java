package dev.factory.daemon;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the daemon writes its log: plain {@code TIME line} on a terminal, one JSON object a line
 * otherwise (journald, a file, a log shipper): {@code time, level, event, address, message}.
 * Pure: the same line always gives the same object.
 */
public enum LogFormat {
    text, json;

    private static final ObjectMapper JSON = new ObjectMapper();
    /** "failed", but not a count of none ("applied 3, failed 0, skipped 0"). */
    private static final java.util.regex.Pattern FAILED = java.util.regex.Pattern.compile(" failed(?! 0\\b)");
    private static final java.util.regex.Pattern SKIPPED = java.util.regex.Pattern.compile(" skipped(?! 0\\b)");

    /** A change's progress line: {@code + image/base: create started}, {@code ! container/web-1: update failed: ...}. */
    private static final Pattern CHANGE = Pattern.compile("^(?:[-+~?!]|-/\\+) ([a-z][a-z-]*/[^\\s:]+): (.*)$");
    private static final Pattern ADDRESSED = Pattern.compile("^([a-z][a-z-]*/[^\\s:|]+)(?::| \\|) (.*)$");
    /** The event is the line's first word (reconcile, job, webhook, scheduled, ...); a line not starting with one is "log". */
    private static final Pattern EVENT = Pattern.compile("^([a-z][a-z-]*)\\b");

    /** {@code auto}: JSON unless stderr is a terminal. */
    public static LogFormat choose(String option, boolean terminal) {
        if (option == null || option.equals("auto")) return terminal ? text : json;
        return valueOf(option);
    }

    public String format(Instant at, String line) {
        if (this == text) return at + " " + line;
        ObjectNode n = JSON.createObjectNode().put("time", at.toString()).put("level", level(line));
        String address = null;
        Matcher m = CHANGE.matcher(line);
        if (m.matches()) address = m.group(1);
        else if ((m = ADDRESSED.matcher(line)).matches()) address = m.group(1);
        n.put("event", address != null ? "change" : event(line));
        if (address != null) n.put("address", address);
        n.put("message", line);
        return n.toString();
    }

    static String level(String line) {
        String l = line.toLowerCase(java.util.Locale.ROOT);
        if (l.startsWith("! ") || FAILED.matcher(l).find() || l.startsWith("error") || l.contains("failing ")) return "error";
        if (l.startsWith("warning") || SKIPPED.matcher(l).find() || l.contains("rejected")) return "warn";
        return "info";
    }

    static String event(String line) {
        Matcher m = EVENT.matcher(line);
        return m.find() ? m.group(1) : "log";
    }
}
