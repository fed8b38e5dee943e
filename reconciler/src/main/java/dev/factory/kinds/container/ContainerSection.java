package dev.factory.kinds.container;

import dev.factory.config.Declared;
import dev.factory.config.Diagnostic;
import dev.factory.config.Section;
import dev.factory.config.SectionContext;
import dev.factory.config.Suggestions;
import dev.factory.kinds.image.ImageSection;
import dev.factory.kinds.mcp.McpSection;
import dev.factory.kinds.network.NetworkSection;
import dev.factory.kinds.volume.VolumeSection;
import java.util.List;
import java.util.Map;

/** {@code profiles:} and {@code services:}: how containers run, and the long-running ones. */
@dev.factory.engine.KindApi
public final class ContainerSection implements Section<ContainerRules.Result> {
    public static final ContainerSection SECTION = new ContainerSection();

    private ContainerSection() {}

    @Override
    public List<String> keys() {
        return List.of("profiles", "services");
    }

    @Override
    public List<Section<?>> after() {
        return List.of(ImageSection.SECTION, NetworkSection.SECTION, VolumeSection.SECTION, McpSection.SECTION, EgressSection.SECTION);
    }

    @Override
    public ContainerRules.Result read(Map<String, List<Declared>> declared, SectionContext ctx) {
        var read = ContainerRules.read(declared, ctx.host(), ctx.configDir(), ctx.get(ImageSection.SECTION).keySet(),
                ctx.get(VolumeSection.SECTION), ctx.get(NetworkSection.SECTION), ctx.get(EgressSection.SECTION), ctx.diagnostics());
        var clients = ctx.get(McpSection.SECTION).clients();
        for (Declared d : declared.getOrDefault("profiles", List.of())) {
            for (String client : read.profiles().get(d.name()).mcpClients()) {
                if (!clients.containsKey(client)) {
                    ctx.diagnostics().add(Diagnostic.error(d.at("mcp"), d.path("mcp"), "profile " + d.name() + ": mcp client '" + client
                            + "' is not declared in mcp.clients" + Suggestions.didYouMean(client, clients.keySet())));
                }
            }
        }
        return new ContainerRules.Result(Section.sorted(read.profiles()), Section.sorted(read.services()));
    }

    /** The profiles, by name. */
    public static Map<String, ProfileSpec> profiles(dev.factory.config.Desired desired) {
        return desired.get(SECTION).profiles();
    }

    /** The services, by name. */
    public static Map<String, ServiceSpec> services(dev.factory.config.Desired desired) {
        return desired.get(SECTION).services();
    }

    /** Every service replica as a container spec, by container name. */
    public static Map<String, ContainerSpec> containers(dev.factory.config.Desired desired) {
        var out = new java.util.TreeMap<String, ContainerSpec>();
        for (ServiceSpec service : services(desired).values()) {
            ProfileSpec profile = profiles(desired).get(service.profile());
            for (int i = 1; i <= service.replicas(); i++) {
                var spec = ContainerSpec.replica(service, profile, i);
                out.put(spec.name(), spec);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "the profiles and services section";
    }
}
