package dev.factory.kinds.container;

import dev.factory.engine.port.MountSpec;

import dev.factory.config.SourceLocation;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A run profile with its defaults applied: how a container runs. {@code env} values are kept as
 * written, secret references included; they are resolved only when a container is created.
 */
public record ProfileSpec(String name, String image, String user, String network, Double cpus, Long memoryBytes,
                          Long pids, List<MountSpec> mounts, Map<String, String> env, List<Path> envFiles,
                          List<String> capDrop, List<String> capAdd, List<String> securityOpt, boolean readOnlyRootfs,
                          List<String> extraHosts, String workdir, SourceLocation at, List<String> mcpClients,
                          Map<String, String> endpoints) {

    public static final String DEFAULT_USER = "1000:1000";
    public static final String NO_NEW_PRIVILEGES = "no-new-privileges:true";
}
