package dev.factory.kinds.container;

import dev.factory.config.SourceLocation;
import java.time.Duration;
import java.util.List;

/**
 * A long-running service: {@code replicas} containers named {@code NAME-1..N} from a profile, or on
 * a swarm one service of {@code replicas} tasks placed by {@code placement} and rolled out by
 * {@code update} (both null when not declared).
 */
@dev.factory.engine.KindApi
public record ServiceSpec(String name, String profile, String image, List<String> command, String restart,
                          int replicas, SourceLocation at, Placement placement, RollingUpdate update) {
    public static final String DEFAULT_RESTART = "unless-stopped";

    public ServiceSpec(String name, String profile, String image, List<String> command, String restart, int replicas, SourceLocation at) {
        this(name, profile, image, command, restart, replicas, at, null, null);
    }

    /** Swarm placement: its own constraint syntax, and at most {@code maxReplicas} per node (null: no limit). */
    public record Placement(List<String> constraints, Integer maxReplicas) {}

    /** How a swarm rolls out a changed spec. */
    public record RollingUpdate(int parallelism, Duration delay, String order, String failureAction) {
        public static final RollingUpdate DEFAULT = new RollingUpdate(1, Duration.ZERO, "stop-first", "pause");
    }
}
