package dev.factory.kinds.container;

import dev.factory.plan.Address;
import dev.factory.engine.port.HealthSpec;
import dev.factory.engine.port.PortSpec;
import java.util.List;

/**
 * One desired container: a service replica (or a lane) with its profile folded in. {@code image}
 * is as declared: a declared image's name or an external reference. {@code at} is where it is
 * declared (the service's own file and line; a lane's profile), for diagnostics.
 */
@dev.factory.engine.KindApi
public record ContainerSpec(String name, Address address, String image, List<String> command, String restart,
                            ProfileSpec profile, dev.factory.config.SourceLocation at, List<PortSpec> ports, HealthSpec health,
                            List<SeedSpec> seeds) {

    public static final String KIND = "container";

    /** A container that publishes no port, has no health check and seeds nothing (a lane, a job, a probe). */
    public ContainerSpec(String name, Address address, String image, List<String> command, String restart, ProfileSpec profile,
                         dev.factory.config.SourceLocation at) {
        this(name, address, image, command, restart, profile, at, List.of(), null, List.of());
    }

    public static ContainerSpec replica(ServiceSpec service, ProfileSpec profile, int replica) {
        String name = service.name() + "-" + replica;
        return new ContainerSpec(name, Address.of(KIND, name),
                service.image() != null ? service.image() : profile.image(), service.command(), service.restart(), profile,
                service.at(), service.ports(), service.health(), SeedSpec.merged(profile.seeds(), service.seeds()));
    }
}
