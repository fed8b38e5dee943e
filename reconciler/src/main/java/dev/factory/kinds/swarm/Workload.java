package dev.factory.kinds.swarm;

import dev.factory.kinds.container.ContainerSpec;
import dev.factory.kinds.container.ProfileSpec;
import dev.factory.kinds.container.ServiceSpec;
import dev.factory.plan.Address;
import java.util.List;

/**
 * What runs as one swarm service: a declared service ({@code service/NAME}, {@code replicas}
 * tasks) or a scheduled job ({@code job/NAME}, a replicated job that runs when its schedule
 * fires). {@code container} carries the profile folded in, as for a container on one host.
 */
@dev.factory.engine.KindApi
public record Workload(ContainerSpec container, int replicas, boolean job, ServiceSpec.Placement placement,
                       ServiceSpec.RollingUpdate update) {
    public static final String SERVICE = "service";
    public static final String JOB = "job";

    public static Workload service(ServiceSpec service, ProfileSpec profile) {
        var spec = new ContainerSpec(service.name(), Address.of(SERVICE, service.name()),
                service.image() != null ? service.image() : profile.image(), service.command(), service.restart(), profile, service.at());
        return new Workload(spec, service.replicas(), false, service.placement(), service.update());
    }

    public static Workload job(String name, ProfileSpec profile, List<String> command) {
        var spec = new ContainerSpec(name, Address.of(JOB, name), profile.image(), command, "no", profile, profile.at());
        return new Workload(spec, 0, true, null, null);
    }

    public Address address() {
        return container.address();
    }

    public String name() {
        return container.name();
    }

    /** The swarm service's name: a job's is prefixed, so a job and a service may share a name in the config. */
    public String serviceName() {
        return job ? "job-" + name() : name();
    }
}
