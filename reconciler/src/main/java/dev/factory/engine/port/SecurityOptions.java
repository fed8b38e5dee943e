package dev.factory.engine.port;

import java.util.Optional;

/** How a {@code securityOpt} value is read, the way the docker CLI reads it ({@code key=value} or {@code key:value}). */
public final class SecurityOptions {
    private SecurityOptions() {}

    /** The option with {@code :} after its key written as {@code =}: {@code seccomp:unconfined} is {@code seccomp=unconfined}. */
    public static String normal(String option) {
        int colon = option.indexOf(':');
        int equals = option.indexOf('=');
        if (colon > 0 && (equals < 0 || colon < equals)) return option.substring(0, colon) + "=" + option.substring(colon + 1);
        return option;
    }

    /** The seccomp profile file an option names ({@code seccomp=/path}), if it names one rather than {@code unconfined} or inline JSON. */
    public static Optional<String> seccompFile(String option) {
        String o = normal(option);
        if (!o.startsWith("seccomp=")) return Optional.empty();
        String value = o.substring("seccomp=".length());
        return value.equals("unconfined") || value.startsWith("{") ? Optional.empty() : Optional.of(value);
    }

    /** {@code systempaths=unconfined}: no masked or read-only paths under /proc and /sys. Not an engine option (see the adapter). */
    public static boolean systemPathsUnconfined(String option) {
        return normal(option).equals("systempaths=unconfined");
    }

    /** Whether the option switches a confinement off. */
    public static boolean unconfined(String option) {
        String o = normal(option);
        return o.endsWith("=unconfined") || o.equals("label=disable");
    }
}
