package dev.factory.kinds.prune;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A glob matched name by name below its root, as a shell with {@code globstar} matches it:
 * {@code *}, {@code ?} and {@code [..]} stay within one name, {@code {a,b}} chooses, and a name
 * that is exactly {@code **} spans zero or more directories. Unless {@code dotfiles} is set, a
 * wildcard never matches a leading {@code .} and {@code **} never enters a hidden directory (as
 * shells do without {@code dotglob}); a pattern that starts with a literal dot still matches.
 */
public final class Glob {
    private final List<Pattern> names;   // null element: **
    private final boolean dotfiles;

    private Glob(List<Pattern> names, boolean dotfiles) {
        this.names = names;
        this.dotfiles = dotfiles;
    }

    /** @param relative the glob below its fixed root, names separated by {@code /} */
    public static Glob compile(String relative, boolean dotfiles) {
        var names = new ArrayList<Pattern>();
        for (String part : relative.split("/")) {
            if (part.isEmpty()) continue;
            names.add(part.equals("**") ? null : Pattern.compile(regex(part, dotfiles), Pattern.DOTALL));
        }
        return new Glob(java.util.Collections.unmodifiableList(names), dotfiles);
    }

    /** Whether the path (names below the root) matches the whole glob. */
    public boolean matches(List<String> path) {
        return states(path).get(names.size());
    }

    /** Whether some path below this directory (names below the root) could still match: worth walking into. */
    public boolean mayMatchBelow(List<String> dir) {
        var s = states(dir);
        for (int i = s.nextSetBit(0); i >= 0; i = s.nextSetBit(i + 1)) {
            if (i < names.size()) return true;
        }
        return false;
    }

    /** Positions in the pattern reachable after consuming {@code path}. */
    private BitSet states(List<String> path) {
        var current = closure(single(0));
        for (String name : path) {
            var next = new BitSet();
            for (int i = current.nextSetBit(0); i >= 0 && i < names.size(); i = current.nextSetBit(i + 1)) {
                Pattern p = names.get(i);
                if (p == null) {
                    if (dotfiles || !name.startsWith(".")) next.set(i);   // ** takes this name and may take more
                } else if (p.matcher(name).matches()) {
                    next.set(i + 1);
                }
            }
            current = closure(next);
            if (current.isEmpty()) break;
        }
        return current;
    }

    /** ** may also take no name at all. */
    private BitSet closure(BitSet s) {
        for (int i = 0; i < names.size(); i++) {
            if (s.get(i) && names.get(i) == null) s.set(i + 1);
        }
        return s;
    }

    private static BitSet single(int i) {
        var s = new BitSet();
        s.set(i);
        return s;
    }

    /** Braces expanded first, as shells do, so each alternative keeps its own leading-dot rule. */
    static String regex(String glob, boolean dotfiles) {
        var alternatives = new ArrayList<String>();
        for (String alternative : expand(glob)) alternatives.add(name(alternative, dotfiles));
        return alternatives.size() == 1 ? alternatives.get(0) : "(?:" + String.join("|", alternatives) + ")";
    }

    private static final int MAX_ALTERNATIVES = 256;

    static List<String> expand(String glob) {
        int open = -1, depth = 0;
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '{') {
                if (depth++ == 0) open = i;
            } else if (c == '}' && depth > 0 && --depth == 0) {
                var out = new ArrayList<String>();
                String prefix = glob.substring(0, open), suffix = glob.substring(i + 1);
                for (String choice : splitTopLevel(glob.substring(open + 1, i))) {
                    for (String tail : expand(prefix + choice + suffix)) {
                        out.add(tail);
                        if (out.size() > MAX_ALTERNATIVES) throw new IllegalArgumentException("'" + glob + "' expands to more than " + MAX_ALTERNATIVES + " names");
                    }
                }
                return out;
            }
        }
        if (depth > 0) throw new IllegalArgumentException("unclosed '{' in '" + glob + "'");
        return List.of(glob);
    }

    private static List<String> splitTopLevel(String body) {
        var out = new ArrayList<String>();
        int depth = 0, from = 0;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\') i++;
            else if (c == '{') depth++;
            else if (c == '}') depth--;
            else if (c == ',' && depth == 0) {
                out.add(body.substring(from, i));
                from = i + 1;
            }
        }
        out.add(body.substring(from));
        return out;
    }

    /** One brace-free name pattern as a regex. */
    private static String name(String glob, boolean dotfiles) {
        var sb = new StringBuilder();
        if (!dotfiles && !glob.startsWith(".")) sb.append("(?!\\.)");
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> sb.append(".*");
                case '?' -> sb.append('.');
                case '\\' -> {
                    if (i + 1 < glob.length()) sb.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
                }
                case '[' -> {
                    int end = glob.indexOf(']', i + 2);
                    if (end < 0) {
                        sb.append("\\[");
                        break;
                    }
                    String body = glob.substring(i + 1, end);
                    if (body.startsWith("!")) body = "^" + body.substring(1);
                    sb.append('[').append(body.replace("\\", "\\\\").replace("[", "\\[").replace("&", "\\&")).append(']');
                    i = end;
                }
                default -> sb.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return sb.toString();
    }
}
