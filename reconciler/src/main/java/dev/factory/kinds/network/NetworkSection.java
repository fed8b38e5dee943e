package dev.factory.kinds.network;

import dev.factory.config.Declared;
import dev.factory.config.Diagnostic;
import dev.factory.config.Section;
import dev.factory.config.SectionContext;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** {@code networks:}: user-defined Docker networks. */
@dev.factory.engine.KindApi
public final class NetworkSection implements Section<Map<String, NetworkSpec>> {
    public static final NetworkSection SECTION = new NetworkSection();
    private static final Set<String> DOCKERS_OWN = Set.of("bridge", "host", "none");

    private NetworkSection() {}

    @Override
    public List<String> keys() {
        return List.of("networks");
    }

    @Override
    public Map<String, NetworkSpec> read(Map<String, List<Declared>> declared, SectionContext ctx) {
        var out = new TreeMap<String, NetworkSpec>();
        for (Declared d : declared.getOrDefault("networks", List.of())) {
            boolean object = d.spec().isObject();
            String driver = object && d.spec().hasNonNull("driver") ? d.text("driver") : NetworkSpec.DEFAULT_DRIVER;
            boolean internal = object && d.spec().path("internal").asBoolean(false);
            if (DOCKERS_OWN.contains(d.name())) {
                ctx.diagnostics().add(Diagnostic.error(d.at(), d.path(), "'" + d.name() + "' is Docker's own network; declare a network with another name"));
            }
            out.put(d.name(), new NetworkSpec(d.name(), driver, internal));
        }
        return java.util.Collections.unmodifiableSortedMap(out);
    }

    @Override
    public String toString() {
        return "the networks section";
    }
}
