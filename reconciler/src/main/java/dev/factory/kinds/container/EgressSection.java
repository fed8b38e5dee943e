package dev.factory.kinds.container;

import dev.factory.config.Declared;
import dev.factory.config.Diagnostic;
import dev.factory.config.Section;
import dev.factory.config.SectionContext;
import dev.factory.config.YamlDocument;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** {@code egress:}: how profiles' egress is enforced on this host (each profile's own list is under {@code profiles.NAME.egress}). */
@dev.factory.engine.KindApi
public final class EgressSection implements Section<EgressSettings> {
    public static final EgressSection SECTION = new EgressSection();

    private EgressSection() {}

    @Override
    public List<String> keys() {
        return List.of("egress");
    }

    @Override
    public Set<String> singletons() {
        return Set.of("egress");
    }

    @Override
    public List<Section<?>> after() {
        return List.of(dev.factory.kinds.image.ImageSection.SECTION);
    }

    @Override
    public EgressSettings read(Map<String, List<Declared>> declared, SectionContext ctx) {
        var list = declared.getOrDefault("egress", List.of());
        if (list.isEmpty()) return EgressSettings.DEFAULTS;
        Declared d = list.get(0);
        String image = d.spec().hasNonNull("image") ? d.text("image") : EgressSettings.DEFAULT_IMAGE;
        if (!ctx.get(dev.factory.kinds.image.ImageSection.SECTION).containsKey(image) && !dev.factory.kinds.image.ImageSpec.isExternalReference(image)) {
            ctx.diagnostics().add(Diagnostic.error(d.at("image"), d.path("image"), "image '" + image
                    + "' is not declared in images; declare the egress proxy's image (images/egress-proxy in factory's repository) or name one on the host with a tag"));
        }
        String pool = d.spec().hasNonNull("pool") ? d.text("pool") : EgressSettings.DEFAULT_POOL;
        if (!pool.matches("(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])\\.(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])\\.0\\.0/16")) {
            ctx.diagnostics().add(Diagnostic.error(d.at("pool"), d.path("pool"), "pool '" + pool
                    + "' must be an IPv4 /16 written as A.B.0.0/16 (each profile's network is one /24 of it); e.g. " + EgressSettings.DEFAULT_POOL));
            pool = EgressSettings.DEFAULT_POOL;
        }
        var hosts = new TreeMap<String, String>();
        var node = d.spec().path("hosts");
        node.fields().forEachRemaining(e -> {
            String name = e.getKey().toLowerCase(java.util.Locale.ROOT);
            String address = e.getValue().asText();
            if (!address.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")) {
                ctx.diagnostics().add(Diagnostic.error(d.doc().valueLocation(YamlDocument.pointer(d.pointer() + "/hosts", e.getKey())),
                        d.path("hosts") + "." + e.getKey(), "'" + address + "' is not an IPv4 address; hosts maps a name to the address the proxy connects to"));
            }
            hosts.put(name, address);
        });
        return new EgressSettings(image, pool, hosts);
    }

    @Override
    public String toString() {
        return "the egress section";
    }
}
