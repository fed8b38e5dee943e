package dev.factory.secrets;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one place every secret value factory handles is registered (a {@code ${secret:...}} or
 * {@code ${env:...}} it resolved, every value of a secrets file it read, the GitHub token), and
 * the one filter every byte factory writes passes through (stdout, stderr, the journal, state
 * files, reports, plan files, webhook payloads, exception messages): a registered value, or its
 * JSON- or URL-encoded form, prints as {@code ***}, as CI systems mask registered secrets.
 */
public final class Masker {
    public static final String MASK = "***";
    /** Shorter values are not masked: they would blank out ordinary words (and are not credentials). */
    static final int MIN_LENGTH = 6;
    private static final Set<String> VALUES = ConcurrentHashMap.newKeySet();
    private static volatile List<String> longestFirst = List.of();

    private Masker() {}

    /** Registers a secret value, and the forms it takes inside JSON and URLs. */
    public static void register(String value) {
        if (value == null || value.strip().length() < MIN_LENGTH) return;
        boolean added = VALUES.add(value) | VALUES.add(value.strip());
        String json = value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
        added |= VALUES.add(json);
        added |= VALUES.add(URLEncoder.encode(value, StandardCharsets.UTF_8));
        if (added) {
            var sorted = new ArrayList<>(VALUES);
            sorted.sort(Comparator.comparingInt(String::length).reversed());
            longestFirst = List.copyOf(sorted);
        }
    }

    /** {@code text} with every registered value replaced by {@value #MASK}. */
    public static String mask(String text) {
        if (text == null || text.isEmpty()) return text;
        String out = text;
        for (String v : longestFirst) {
            if (out.contains(v)) out = out.replace(v, MASK);
        }
        return out;
    }

    public static byte[] mask(byte[] utf8) {
        if (longestFirst.isEmpty()) return utf8;
        String text = new String(utf8, StandardCharsets.UTF_8);
        String masked = mask(text);
        return masked.equals(text) ? utf8 : masked.getBytes(StandardCharsets.UTF_8);
    }

    /** Forgets every value; for tests. */
    static void clear() {
        VALUES.clear();
        longestFirst = List.of();
    }

    /** A writer that masks line by line (a value split across two writes of one line is still found). */
    public static PrintWriter printWriter(PrintWriter target) {
        return new PrintWriter(new LineMasking(target), true);
    }

    private static final class LineMasking extends Writer {
        private final PrintWriter target;
        private final StringBuilder line = new StringBuilder();

        LineMasking(PrintWriter target) {
            this.target = target;
        }

        @Override
        public synchronized void write(char[] buf, int off, int len) {
            for (int i = off; i < off + len; i++) {
                line.append(buf[i]);
                if (buf[i] == '\n') emit();
            }
        }

        private void emit() {
            target.write(mask(line.toString()));
            line.setLength(0);
        }

        @Override
        public synchronized void flush() {
            if (line.length() > 0) emit();
            target.flush();
        }

        @Override
        public synchronized void close() throws IOException {
            flush();
        }
    }
}
