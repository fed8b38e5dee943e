package dev.factory.kinds.stamp;

import dev.factory.config.Declared;
import dev.factory.config.Section;
import dev.factory.config.SectionContext;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@code stamps:}: NAME -> {text}. A kind that exists only to show what adding one takes. */
public final class StampSection implements Section<Map<String, String>> {
    public static final StampSection SECTION = new StampSection();

    @Override
    public List<String> keys() {
        return List.of("stamps");
    }

    @Override
    public Map<String, String> read(Map<String, List<Declared>> declared, SectionContext ctx) {
        var out = new TreeMap<String, String>();
        for (Declared d : declared.get("stamps")) out.put(d.name(), d.text("text"));
        return out;
    }

    @Override
    public String toString() {
        return "the stamps section";
    }
}
