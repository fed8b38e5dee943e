package dev.factory.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Breaks a valid config file in one of many ways, reproducibly from a seed: structural edits on
 * the parsed tree (drop a key, swap a value's type, unicode, huge values, deep nesting) and
 * textual ones on the file itself (alias bombs, cut lines, stray tabs, truncation, byte noise).
 */
public final class ConfigMutator {
    public record Mutant(String kind, String text) {}

    private static final String[] UNICODE = {
        "\u202Eevil\u202C", "名前", "emoji-\uD83D\uDE80", "zero\u200Bwidth", "e\u0301", "\u0000nul", "line\nbreak",
        "ＦＵＬＬＷＩＤＴＨ", "-leading-dash", "UPPER", "sp ace", "${secret:x}", "../../etc/passwd", "\uFEFFbom"
    };

    private static final String NOISE = "{}[]:&*!|>'\"%@`#,?-\u0001\u00ff";

    private final Random random;

    public ConfigMutator(long seed) {
        this.random = new Random(seed);
    }

    public Mutant mutate(String yaml) {
        int pick = random.nextInt(12);
        return switch (pick) {
            case 0, 1 -> tree(yaml, "drop a key", this::dropKey);
            case 2, 3 -> tree(yaml, "swap a type", this::swapType);
            case 4 -> tree(yaml, "inject unicode", this::unicode);
            case 5 -> tree(yaml, "huge value", this::huge);
            case 6 -> tree(yaml, "deep nesting", this::deep);
            case 7 -> new Mutant("alias bomb", aliasBomb(yaml));
            case 8 -> new Mutant("cut a line", cutLine(yaml));
            case 9 -> new Mutant("stray tab", yaml.replaceFirst("\n  ", "\n\t"));
            case 10 -> new Mutant("truncate", yaml.substring(0, random.nextInt(Math.max(1, yaml.length()))));
            default -> new Mutant("byte noise", noise(yaml));
        };
    }

    private interface Edit {
        Object apply(Object root);
    }

    private static final String DEEP = "__deep_nesting__";

    private Mutant tree(String yaml, String kind, Edit edit) {
        Object root = new Load(LoadSettings.builder().build()).loadFromString(yaml);
        Object mutated = edit.apply(copy(root));
        var settings = DumpSettings.builder().build();
        String text = new Dump(settings).dumpToString(mutated);
        if (text.contains(DEEP)) {   // written as flow text: dumping 3,000 levels would overflow the test's own stack
            int depth = 50 + random.nextInt(5000);
            boolean lists = random.nextBoolean();
            text = text.replace(DEEP, (lists ? "[" : "{d: ").repeat(depth) + "x" + (lists ? "]" : "}").repeat(depth));
        }
        return new Mutant(kind, text);
    }

    private Object dropKey(Object root) {
        var maps = maps(root);
        if (maps.isEmpty()) return root;
        var map = maps.get(random.nextInt(maps.size()));
        if (!map.isEmpty()) map.remove(new ArrayList<>(map.keySet()).get(random.nextInt(map.size())));
        return root;
    }

    private Object swapType(Object root) {
        return replaceValue(root, switch (random.nextInt(7)) {
            case 0 -> 42;
            case 1 -> -1;
            case 2 -> true;
            case 3 -> List.of("a", "b");
            case 4 -> Map.of("unexpected", "map");
            case 5 -> 3.14;
            default -> null;
        });
    }

    private Object unicode(Object root) {
        String text = UNICODE[random.nextInt(UNICODE.length)];
        var maps = maps(root);
        if (random.nextBoolean() && !maps.isEmpty()) {   // a name (key) rather than a value
            var map = maps.get(random.nextInt(maps.size()));
            if (!map.isEmpty()) {
                Object key = new ArrayList<>(map.keySet()).get(random.nextInt(map.size()));
                map.put(text, map.remove(key));
                return root;
            }
        }
        return replaceValue(root, text);
    }

    private Object huge(Object root) {
        return replaceValue(root, switch (random.nextInt(4)) {
            case 0 -> "x".repeat(1 << 20);
            case 1 -> new java.math.BigInteger("9".repeat(400));
            case 2 -> java.util.Collections.nCopies(20_000, "item");
            default -> {
                var many = new LinkedHashMap<String, Object>();
                for (int i = 0; i < 5_000; i++) many.put("k" + i, i);
                yield many;
            }
        });
    }

    private Object deep(Object root) {
        return replaceValue(root, DEEP);
    }

    private String aliasBomb(String yaml) {
        int levels = 4 + random.nextInt(6);
        int width = 5 + random.nextInt(6);
        var sb = new StringBuilder("bomb0: &b0 [\"lol\", \"lol\"]\n");
        for (int level = 1; level <= levels; level++) {
            sb.append("bomb").append(level).append(": &b").append(level).append(" [");
            for (int i = 0; i < width; i++) sb.append(i == 0 ? "" : ", ").append("*b").append(level - 1);
            sb.append("]\n");
        }
        if (random.nextBoolean()) sb.append("self: &s [*s]\nloop: &l\n  me: *l\n");   // recursive anchors
        return random.nextBoolean() ? sb + yaml : yaml + "\n" + sb;
    }

    private String cutLine(String yaml) {
        var lines = new ArrayList<>(yaml.lines().toList());
        if (lines.isEmpty()) return yaml;
        int at = random.nextInt(lines.size());
        if (random.nextBoolean()) lines.remove(at);
        else lines.add(at, lines.get(at));   // a duplicated line: duplicate keys, or a list item twice
        return String.join("\n", lines) + "\n";
    }

    private String noise(String yaml) {
        var chars = yaml.toCharArray();
        for (int i = 0; i < 1 + random.nextInt(5) && chars.length > 0; i++) {
            chars[random.nextInt(chars.length)] = NOISE.charAt(random.nextInt(NOISE.length()));
        }
        return new String(chars);
    }

    private Object replaceValue(Object root, Object value) {
        var maps = maps(root);
        if (maps.isEmpty()) return value;
        var map = maps.get(random.nextInt(maps.size()));
        if (map.isEmpty()) map.put("added", value);
        else map.put(new ArrayList<>(map.keySet()).get(random.nextInt(map.size())), value);
        return root;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<Object, Object>> maps(Object node) {
        var out = new ArrayList<Map<Object, Object>>();
        if (node instanceof Map<?, ?> map) {
            out.add((Map<Object, Object>) map);
            map.values().forEach(v -> out.addAll(maps(v)));
        } else if (node instanceof List<?> list) {
            list.forEach(v -> out.addAll(maps(v)));
        }
        return out;
    }

    private static Object copy(Object node) {
        if (node instanceof Map<?, ?> map) {
            var out = new LinkedHashMap<Object, Object>();
            map.forEach((k, v) -> out.put(k, copy(v)));
            return out;
        }
        if (node instanceof List<?> list) {
            var out = new ArrayList<>();
            list.forEach(v -> out.add(copy(v)));
            return out;
        }
        return node;
    }
}
