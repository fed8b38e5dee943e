package dev.factory.kinds.image;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code .dockerignore} as Docker reads it: one pattern a line, {@code #} comments, {@code !} to
 * re-include, {@code **} across directories, the last matching line wins, and a pattern matching
 * a directory matches everything below it.
 */
public final class DockerIgnore {
    private record Rule(Pattern pattern, boolean exclude) {}

    private final List<Rule> rules;

    private DockerIgnore(List<Rule> rules) {
        this.rules = rules;
    }

    public static DockerIgnore none() {
        return new DockerIgnore(List.of());
    }

    public static DockerIgnore parse(String text) {
        var rules = new ArrayList<Rule>();
        for (String raw : text.split("\r?\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            boolean exclude = true;
            if (line.startsWith("!")) {
                exclude = false;
                line = line.substring(1).strip();
            }
            line = clean(line);
            if (line.isEmpty()) continue;
            rules.add(new Rule(Pattern.compile(toRegex(line)), exclude));
        }
        return new DockerIgnore(List.copyOf(rules));
    }

    /** Whether any rule re-includes paths, which stops us skipping ignored directories wholesale. */
    public boolean hasExceptions() {
        return rules.stream().anyMatch(r -> !r.exclude);
    }

    /** {@code path} is relative to the context with {@code /} separators. */
    public boolean ignores(String path) {
        boolean ignored = false;
        for (Rule rule : rules) {
            if (matchesSelfOrParent(rule.pattern, path)) ignored = rule.exclude;
        }
        return ignored;
    }

    private static boolean matchesSelfOrParent(Pattern p, String path) {
        String candidate = path;
        while (true) {
            if (p.matcher(candidate).matches()) return true;
            int slash = candidate.lastIndexOf('/');
            if (slash < 0) return false;
            candidate = candidate.substring(0, slash);
        }
    }

    private static String clean(String pattern) {
        String p = pattern.replace('\\', '/');
        while (p.startsWith("/")) p = p.substring(1);
        while (p.startsWith("./")) p = p.substring(2);
        while (p.endsWith("/")) p = p.substring(0, p.length() - 1);
        return p;
    }

    static String toRegex(String glob) {
        var re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*') {
                if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                    i++;
                    if (i + 1 < glob.length() && glob.charAt(i + 1) == '/') {
                        i++;
                        re.append("(?:.*/)?");
                    } else {
                        re.append(".*");
                    }
                } else {
                    re.append("[^/]*");
                }
            } else if (c == '?') {
                re.append("[^/]");
            } else if (c == '[') {
                int end = glob.indexOf(']', i + 1);
                if (end < 0) {
                    re.append("\\[");
                } else {
                    String cls = glob.substring(i + 1, end);
                    if (cls.startsWith("^") || cls.startsWith("!")) cls = "^" + cls.substring(1);
                    re.append('[').append(cls.replace("\\", "\\\\")).append(']');
                    i = end;
                }
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return re.toString();
    }
}
