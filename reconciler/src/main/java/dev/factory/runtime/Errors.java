package dev.factory.runtime;

import org.apache.commons.lang3.exception.ExceptionUtils;

/** What a failure says at its root: the message people act on, not the wrappers around it. */
public final class Errors {
    private Errors() {}

    /**
     * A message for people: the Docker engine's raw {@code Status 409: {"message":"Conflict..."}}
     * becomes {@code Conflict... (Docker engine: HTTP 409)}; everything else is kept. FACTORY_DEBUG=1
     * prints the exception itself.
     */
    public static String human(String message) {
        if (message == null) return null;
        var m = java.util.regex.Pattern.compile("Status (\\d{3}): (\\{\\s*\"message\"\\s*:\\s*\"(?:[^\"\\\\]|\\\\.)*\"\\s*\\})[ \\t]*\\n?").matcher(message);
        var out = new StringBuilder();
        while (m.find()) {
            String text;
            try {
                text = new com.fasterxml.jackson.databind.ObjectMapper().readTree(m.group(2)).path("message").asText("").strip();
            } catch (java.io.IOException notJson) {
                text = "";
            }
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(text.isEmpty() ? m.group(0)
                    : text + " (Docker engine: HTTP " + m.group(1) + ")"));
        }
        m.appendTail(out);
        return out.toString().strip();
    }

    /** The innermost cause's message (stripped), or its class name when it has none. */
    public static String rootMessage(Throwable e) {
        Throwable root = ExceptionUtils.getRootCause(e);
        if (root == null) root = e;
        String m = root.getMessage();
        return m == null || m.isBlank() ? root.getClass().getSimpleName() : m.strip();
    }
}
