package dev.factory.runtime;

import java.time.Instant;
import java.time.LocalDate;

/**
 * {@link Instant#parse} for the text {@link Instant#toString} writes, without
 * {@link java.time.format.DateTimeFormatter}: state files hold one instant per managed object, and
 * on a cold JVM the formatter's first use (its classes, the locale data it asks for, the JIT
 * compiling its parser) cost a cold plan at 1,000 objects some tens of milliseconds. Anything
 * else (a year past 9999, a leap second, an offset) goes to {@link Instant#parse}, so the answer
 * is always the one it gives.
 */
public final class Instants {
    private Instants() {}

    public static Instant parse(CharSequence text) {
        Instant fast = fast(text);
        return fast != null ? fast : Instant.parse(text);
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z} with every field in range; null for anything else. */
    static Instant fast(CharSequence t) {
        int n = t.length();
        if (n < 20 || n > 30 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T' || t.charAt(13) != ':'
                || t.charAt(16) != ':' || t.charAt(n - 1) != 'Z') {
            return null;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 7);
        int day = digits(t, 8, 10);
        int hour = digits(t, 11, 13);
        int minute = digits(t, 14, 16);
        int second = digits(t, 17, 19);
        if (year < 0 || month < 1 || month > 12 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        LocalDate first = LocalDate.of(year, month, 1);
        if (day < 1 || day > first.lengthOfMonth()) return null;
        int nanos = 0;
        if (n > 20) {
            int fraction = n - 21;   // between the '.' and the 'Z': at most 9 digits, as n is at most 30
            if (t.charAt(19) != '.' || fraction < 1) return null;
            nanos = digits(t, 20, n - 1);
            if (nanos < 0) return null;
            for (int i = fraction; i < 9; i++) nanos *= 10;
        }
        long days = first.toEpochDay() + day - 1;
        return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    }

    /** The decimal number in {@code t[from, to)}, all digits; -1 otherwise. */
    private static int digits(CharSequence t, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
