package dev.factory.kinds.volume;

import dev.factory.config.Declared;
import dev.factory.config.Section;
import dev.factory.config.SectionContext;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@code volumes:}: named Docker volumes, which hold data and are never deleted by apply. */
@dev.factory.engine.KindApi
public final class VolumeSection implements Section<Map<String, VolumeSpec>> {
    public static final VolumeSection SECTION = new VolumeSection();

    private VolumeSection() {}

    @Override
    public List<String> keys() {
        return List.of("volumes");
    }

    @Override
    public Map<String, VolumeSpec> read(Map<String, List<Declared>> declared, SectionContext ctx) {
        var out = new TreeMap<String, VolumeSpec>();
        for (Declared d : declared.getOrDefault("volumes", List.of())) {
            String driver = d.spec().isObject() && d.spec().hasNonNull("driver") ? d.text("driver") : VolumeSpec.DEFAULT_DRIVER;
            out.put(d.name(), new VolumeSpec(d.name(), driver));
        }
        return java.util.Collections.unmodifiableSortedMap(out);
    }

    @Override
    public String toString() {
        return "the volumes section";
    }
}
