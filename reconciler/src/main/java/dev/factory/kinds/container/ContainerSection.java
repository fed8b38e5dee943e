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
        return List.of(ImageSection.SECTION, NetworkSection.SECTION, VolumeSection.SECTION, McpSection.SECTION, EgressSection.SECTION,
                ClusterSection.SECTION);
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
        checkPlacement(declared, read, ctx.get(ClusterSection.SECTION), ctx.diagnostics());
        return new ContainerRules.Result(Section.sorted(read.profiles()), Section.sorted(read.services()));
    }

    /** Placement and rolling updates are a swarm's; on a swarm, a service's profile must be one a swarm can run. */
    private static void checkPlacement(Map<String, List<Declared>> declared, ContainerRules.Result read, ClusterSpec cluster,
                                       dev.factory.config.Diagnostics diagnostics) {
        for (Declared d : declared.getOrDefault("services", List.of())) {
            ServiceSpec service = read.services().get(d.name());
            if (service == null) continue;
            if (!cluster.enabled()) {
                for (String field : List.of("placement", "update")) {
                    if (d.spec().has(field)) {
                        diagnostics.add(Diagnostic.error(d.at(field), d.path(field), "service " + d.name() + ": " + field
                                + " applies to a swarm's services; declare cluster: {engine: swarm, registry: ...} or remove it"));
                    }
                }
                continue;
            }
            swarmProblem(read.profiles().get(service.profile())).ifPresent(problem -> diagnostics.add(Diagnostic.error(d.at("profile"), d.path("profile"),
                    "service " + d.name() + " runs on the swarm, but " + problem)));
            for (String field : List.of("ports", "healthcheck", "dependsOn")) {
                if (d.spec().has(field)) {
                    diagnostics.add(Diagnostic.error(d.at(field), d.path(field), "service " + d.name() + " runs on the swarm, which does not carry "
                            + field + " yet; remove it, or run the service without cluster"));
                }
            }
        }
    }

    /** Why a profile cannot run as a swarm service yet, if it cannot. */
    public static java.util.Optional<String> swarmProblem(ProfileSpec profile) {
        if (profile == null) return java.util.Optional.empty();
        if (profile.egressEnforced()) {
            return java.util.Optional.of("profile " + profile.name() + " has egress on, which is enforced per host and not on a swarm yet; "
                    + "set its egress mode: off for the cluster (docs/security.md, Egress)");
        }
        if (!profile.devices().isEmpty()) {
            return java.util.Optional.of("profile " + profile.name() + " passes host devices, which a swarm service cannot carry on this engine's API; "
                    + "run it as a service of one host (without cluster) or drop devices");
        }
        if (profile.git() != null) {
            return java.util.Optional.of("profile " + profile.name() + " has a git guard, which is put into each container before it starts;"
                    + " a swarm starts its tasks itself, so run it as a service of one host (without cluster) or drop git.guard");
        }
        var options = profile.securityOpt().stream().filter(o -> !o.startsWith("no-new-privileges")).toList();
        if (!options.isEmpty()) {
            return java.util.Optional.of("profile " + profile.name() + " sets securityOpt " + options + ", which a swarm service cannot carry on this"
                    + " engine's API; drop them for the cluster");
        }
        if (!ContainerRules.BUILTIN_NETWORKS.contains(profile.network())) {
            return java.util.Optional.of("profile " + profile.name() + " is on network " + profile.network()
                    + ", a bridge network of one host; on a swarm use host, none or bridge");
        }
        return java.util.Optional.empty();
    }

    /** The profiles, by name. */
    public static Map<String, ProfileSpec> profiles(dev.factory.config.Desired desired) {
        return desired.get(SECTION).profiles();
    }

    /** The services, by name. */
    public static Map<String, ServiceSpec> services(dev.factory.config.Desired desired) {
        return desired.get(SECTION).services();
    }

    /** Every service replica as a container spec, by container name; none on a swarm (there a service is a swarm service). */
    public static Map<String, ContainerSpec> containers(dev.factory.config.Desired desired) {
        var out = new java.util.TreeMap<String, ContainerSpec>();
        if (ClusterSection.of(desired).enabled()) return out;   // services are the swarm's
        for (ServiceSpec service : services(desired).values()) {
            ProfileSpec profile = profiles(desired).get(service.profile());
            for (int i = 1; i <= service.replicas(); i++) {
                var spec = ContainerSpec.replica(service, profile, i);
                out.put(spec.name(), spec);
            }
        }
        return out;
    }

    /** The service a container of {@link #containers} is a replica of. */
    public static java.util.Optional<ServiceSpec> serviceOf(dev.factory.config.Desired desired, String container) {
        // a replica is named SERVICE-N: the last dash names its one possible service (looked up, not searched for)
        int dash = container.lastIndexOf('-');
        if (dash <= 0) return java.util.Optional.empty();
        ServiceSpec service = services(desired).get(container.substring(0, dash));
        return service != null && service.containerNames().contains(container) ? java.util.Optional.of(service) : java.util.Optional.empty();
    }

    @Override
    public String toString() {
        return "the profiles and services section";
    }
}
