package dev.factory.kinds.container;

import dev.factory.config.SourceLocation;
import java.util.List;

/** A long-running service: {@code replicas} containers named {@code NAME-1..N} from a profile. */
@dev.factory.engine.KindApi
public record ServiceSpec(String name, String profile, String image, List<String> command, String restart,
                          int replicas, SourceLocation at) {
    public static final String DEFAULT_RESTART = "unless-stopped";
}
