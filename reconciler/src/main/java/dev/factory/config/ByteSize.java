package dev.factory.config;

import java.util.Locale;
import java.util.regex.Pattern;

/** A size such as {@code 512m}, {@code 4g}, {@code 20MB}: binary units, as Docker reads memory limits. */
public record ByteSize(long bytes) {
    private static final Pattern FORMAT = Pattern.compile("^(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)(i?b)?$");

    public static ByteSize parse(String text) {
        var m = FORMAT.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size; write e.g. 512m, 4g or 20MB");
        }
        double n = Double.parseDouble(m.group(1));
        long unit = switch (m.group(2)) {
            case "k" -> 1L << 10;
            case "m" -> 1L << 20;
            case "g" -> 1L << 30;
            case "t" -> 1L << 40;
            default -> 1L;
        };
        return new ByteSize((long) (n * unit));
    }

    /** {@code 1.2 GB}: binary units, one decimal. */
    public static String human(long bytes) {
        String[] units = {"B", "KB", "MB", "GB", "TB"};
        double v = bytes;
        int u = 0;
        while (Math.abs(v) >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + " B" : String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
