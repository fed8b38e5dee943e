package dev.factory.kinds.container;

import dev.factory.config.SourceLocation;
import java.time.Duration;
import dev.factory.engine.port.HealthSpec;
import dev.factory.engine.port.PortSpec;
import java.util.List;

/**
 * A long-running service: {@code replicas} containers named {@code NAME-1..N} from a profile, or on
 * a swarm one service of {@code replicas} tasks placed by {@code placement} and rolled out by
 * {@code update} (both null when not declared). {@code ports} it publishes, its {@code health}
 * check (or null), and the services it waits for ({@code dependsOn}): healthy when they have a
 * check, running when not.
 */
@dev.factory.engine.KindApi
public record ServiceSpec(String name, String profile, String image, List<String> command, String restart,
                          int replicas, SourceLocation at, Placement placement, RollingUpdate update,
                          List<PortSpec> ports, HealthSpec health, List<String> dependsOn, List<SeedSpec> seeds) {
    public static final String DEFAULT_RESTART = "unless-stopped";

    public ServiceSpec(String name, String profile, String image, List<String> command, String restart, int replicas, SourceLocation at) {
        this(name, profile, image, command, restart, replicas, at, null, null);
    }

    public ServiceSpec(String name, String profile, String image, List<String> command, String restart, int replicas, SourceLocation at,
                       Placement placement, RollingUpdate update) {
        this(name, profile, image, command, restart, replicas, at, placement, update, List.of(), null, List.of(), List.of());
    }

    /** The names of this service's containers: NAME-1 .. NAME-replicas. */
    public List<String> containerNames() {
        return java.util.stream.IntStream.rangeClosed(1, replicas).mapToObj(i -> name + "-" + i).toList();
    }

    /** Swarm placement: its own constraint syntax, and at most {@code maxReplicas} per node (null: no limit). */
    public record Placement(List<String> constraints, Integer maxReplicas) {}

    /** How a swarm rolls out a changed spec. */
    public record RollingUpdate(int parallelism, Duration delay, String order, String failureAction) {
        public static final RollingUpdate DEFAULT = new RollingUpdate(1, Duration.ZERO, "stop-first", "pause");
    }
}
