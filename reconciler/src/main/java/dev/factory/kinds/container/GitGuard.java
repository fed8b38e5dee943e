package dev.factory.kinds.container;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A profile's git guard ({@code git: {guard: true, deny: [...]}}): a POSIX-sh {@code git} put at
 * {@link #PATH} in each of the profile's containers, ahead of the real binary on the PATH, that
 * refuses the git commands its rules match and runs the real one for everything else. It stops
 * mistakes, not a determined agent: the real binary is still there.
 *
 * <p>A rule is a subcommand and the arguments that make it destructive, e.g. {@code push --force}.
 * A call matches when its subcommand (after git's global options, and after expanding a plain
 * alias) is the rule's and every argument of the rule is among the call's:
 * <ul>
 *   <li>{@code --long} matches {@code --long} and {@code --long=VALUE};</li>
 *   <li>{@code -x} matches {@code -x} and any cluster of short options holding x ({@code -fdx});</li>
 *   <li>{@code -f} and {@code --force} stand for each other; for {@code push}, {@code --force} (or
 *       {@code -f}) also matches {@code --force-with-lease} and a refspec starting with {@code +};</li>
 *   <li>{@code .} matches any pathspec naming the whole tree: {@code .}, {@code ./}, {@code :/},
 *       {@code :/.}, {@code :(top)}, {@code *};</li>
 *   <li>anything else matches that very argument ({@code stash drop}).</li>
 * </ul>
 * Options are read up to {@code --}; paths are read after it too.
 */
public record GitGuard(List<String> deny, String binary) {
    /** Where the guard is put: before /usr/bin on every Debian PATH. */
    public static final String PATH = "/usr/local/bin/git";
    public static final String DEFAULT_BINARY = "/usr/bin/git";
    /** The five commands that lose work or rewrite shared history. */
    public static final List<String> DEFAULT_DENY = List.of("push --force", "reset --hard", "clean -f", "checkout .", "restore .");
    /** The exit code of a refused command (git's own errors are 1, 128, 129). */
    public static final int REFUSED = 3;

    private static final Pattern SUBCOMMAND = Pattern.compile("[a-z][a-z0-9-]*");
    private static final Pattern ARGUMENT = Pattern.compile("[A-Za-z0-9._/:+=@^~-]+");

    public GitGuard {
        deny = List.copyOf(deny);
    }

    /** What is wrong with a rule as written, or null: a subcommand, then arguments of letters, digits and {@code ._/:+=@^~-}. */
    public static String problem(String rule) {
        List<String> words = words(rule);
        if (words.isEmpty()) return "an empty rule: write a git subcommand and its arguments, e.g. 'push --force'";
        if (!SUBCOMMAND.matcher(words.get(0)).matches()) {
            return "'" + words.get(0) + "' is not a git subcommand (lowercase letters, digits and '-'): a rule starts with one, e.g. 'push --force'";
        }
        for (String w : words.subList(1, words.size())) {
            if (!ARGUMENT.matcher(w).matches() || w.equals("--") || w.equals("-")) {
                return "argument '" + w + "' cannot be matched: use options (-x, --long), '.' for the whole tree, or plain words";
            }
        }
        return null;
    }

    static List<String> words(String rule) {
        var out = new ArrayList<String>();
        for (String w : rule.strip().split("\\s+")) if (!w.isEmpty()) out.add(w);
        return out;
    }

    /** The guard script for {@code profile}'s containers. */
    public String script(String profile) {
        var s = new StringBuilder();
        s.append("#!/bin/sh\n");
        s.append("# git guard of profile ").append(profile).append(", put here by factory (docs/security.md \"Git guard\").\n");
        s.append("# It refuses the git commands below and runs ").append(binary).append(" for everything else.\n");
        s.append("# It stops mistakes, not a determined agent: the real git is still there.\n");
        s.append("real=").append(binary).append('\n');
        s.append(HELPERS);
        s.append("rules() {\n");
        s.append("  sub=$1; shift\n");
        for (String rule : deny) {
            List<String> words = words(rule);
            String sub = words.get(0);
            s.append("  if [ \"$sub\" = ").append(sub).append(" ]");
            for (String arg : words.subList(1, words.size())) s.append(" && { ").append(test(sub, arg)).append("; }");
            s.append("; then refuse '").append(String.join(" ", words)).append("'; fi\n");
        }
        s.append("  return 0\n");
        s.append("}\n");
        s.append(MAIN);
        return s.toString();
    }

    /** The shell test that one argument of a rule is among the call's ({@code "$@"}: the call's arguments after the subcommand). */
    static String test(String sub, String arg) {
        if (arg.equals(".")) return "has_all_paths \"$@\"";
        boolean force = arg.equals("-f") || arg.equals("--force");
        if (force) {
            String t = "has_short f \"$@\" || has_long --force \"$@\"";
            return sub.equals("push") ? t + " || has_long --force-with-lease \"$@\" || has_plus_refspec \"$@\"" : t;
        }
        if (arg.startsWith("--")) return "has_long " + arg + " \"$@\"";
        if (arg.length() == 2 && arg.charAt(0) == '-') return "has_short " + arg.charAt(1) + " \"$@\"";
        return "has_word '" + arg + "' \"$@\"";
    }

    private static final String HELPERS = """
            refuse() {
              echo "factory git guard: refused 'git $line': it matches the rule '$1' of this profile's git.deny." >&2
              echo "It loses work or rewrites history; ask a human, or do it another way." >&2
              exit 3
            }
            # has_long --NAME ARGS: an option --NAME or --NAME=VALUE before --
            has_long() { n=$1; shift; for a; do [ "$a" = -- ] && return 1; case $a in "$n"|"$n"=*) return 0 ;; esac; done; return 1; }
            # has_short L ARGS: a cluster of short options holding L before --
            has_short() { l=$1; shift; for a; do [ "$a" = -- ] && return 1; case $a in --*) ;; -*"$l"*) return 0 ;; esac; done; return 1; }
            # has_word W ARGS: the argument W
            has_word() { w=$1; shift; for a; do [ "$a" = "$w" ] && return 0; done; return 1; }
            # has_all_paths ARGS: a pathspec naming the whole tree
            has_all_paths() { for a; do case $a in .|./|:/|:/.|':(top)'|'*') return 0 ;; esac; done; return 1; }
            # has_plus_refspec ARGS: a refspec that forces its update (+src:dst)
            has_plus_refspec() { for a; do [ "$a" = -- ] && return 1; case $a in +*) return 0 ;; esac; done; return 1; }
            """;

    private static final String MAIN = """
            check() {
              while [ $# -gt 0 ]; do
                case $1 in
                  -C|-c|--git-dir|--work-tree|--namespace|--config-env|--super-prefix) shift; [ $# -gt 0 ] && shift ;;
                  -*) shift ;;
                  *) break ;;
                esac
              done
              [ $# -gt 0 ] || return 0
              alias=$("$real" config --get "alias.$1" 2>/dev/null) || alias=
              case $alias in
                ''|'!'*) rules "$@" ;;
                *) shift; set -f; set -- $alias "$@"; set +f; rules "$@" ;;
              esac
            }
            if [ ! -x "$real" ]; then
              echo "factory git guard: the real git ($real) is not in this image; set the profile's git.binary" >&2
              exit 127
            fi
            line="$*"
            check "$@"
            exec "$real" "$@"
            """;
}
