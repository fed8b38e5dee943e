package dev.factory.config;

import java.time.Duration;
import java.util.regex.Pattern;

/** An age such as {@code 30m}, {@code 12h}, {@code 2d}, {@code 1w}. */
public record Age(Duration duration) {
    private static final Pattern FORMAT = Pattern.compile("^(\\d+)(s|m|h|d|w)$");

    public static Age parse(String text) {
        var m = FORMAT.matcher(text.strip());
        if (!m.matches()) throw new IllegalArgumentException("'" + text + "' is not an age; write e.g. 30m, 12h, 2d or 1w");
        long n = Long.parseLong(m.group(1));
        return new Age(switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        });
    }

    @Override
    public String toString() {
        long s = duration.toSeconds();
        if (s % 604800 == 0 && s > 0) return s / 604800 + "w";
        if (s % 86400 == 0 && s > 0) return s / 86400 + "d";
        if (s % 3600 == 0 && s > 0) return s / 3600 + "h";
        if (s % 60 == 0 && s > 0) return s / 60 + "m";
        return s + "s";
    }
}
