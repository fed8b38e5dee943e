package dev.factory.runtime;

import org.apache.commons.lang3.exception.ExceptionUtils;

/** What a failure says at its root: the message people act on, not the wrappers around it. */
public final class Errors {
    private Errors() {}

    /** The innermost cause's message (stripped), or its class name when it has none. */
    public static String rootMessage(Throwable e) {
        Throwable root = ExceptionUtils.getRootCause(e);
        if (root == null) root = e;
        String m = root.getMessage();
        return m == null || m.isBlank() ? root.getClass().getSimpleName() : m.strip();
    }
}
