package dev.factory.kinds.container;

import dev.factory.engine.port.DeviceSpec;
import dev.factory.engine.port.MountSpec;

import dev.factory.config.SourceLocation;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A run profile with its defaults applied: how a container runs. {@code env} values are kept as
 * written, secret references included; they are resolved only when a container is created.
 */
@dev.factory.engine.KindApi
public record ProfileSpec(String name, String image, String user, String network, Double cpus, Long memoryBytes,
                          Long pids, List<MountSpec> mounts, Map<String, String> env, List<Path> envFiles,
                          List<String> capDrop, List<String> capAdd, List<String> securityOpt, boolean readOnlyRootfs,
                          List<String> extraHosts, String workdir, SourceLocation at, List<String> mcpClients,
                          Map<String, String> endpoints, EgressPolicy egress, List<DeviceSpec> devices, GitGuard git,
                          List<SeedSpec> seeds) {

    /** A profile without a git guard and seeds. */
    public ProfileSpec(String name, String image, String user, String network, Double cpus, Long memoryBytes,
                       Long pids, List<MountSpec> mounts, Map<String, String> env, List<Path> envFiles,
                       List<String> capDrop, List<String> capAdd, List<String> securityOpt, boolean readOnlyRootfs,
                       List<String> extraHosts, String workdir, SourceLocation at, List<String> mcpClients,
                       Map<String, String> endpoints, EgressPolicy egress, List<DeviceSpec> devices) {
        this(name, image, user, network, cpus, memoryBytes, pids, mounts, env, envFiles, capDrop, capAdd, securityOpt, readOnlyRootfs,
                extraHosts, workdir, at, mcpClients, endpoints, egress, devices, null, List.of());
    }

    public static final String DEFAULT_USER = "1000:1000";
    public static final String NO_NEW_PRIVILEGES = "no-new-privileges:true";

    /** Whether the profile's containers get out only through its egress proxy. */
    public boolean egressEnforced() {
        return egress != null && egress.enforced();
    }

    /** This profile with more mounts after its own (a lane's repo, a runner's state dir). */
    public ProfileSpec plusMounts(List<MountSpec> more) {
        var all = new java.util.ArrayList<>(mounts);
        all.addAll(more);
        return new ProfileSpec(name, image, user, network, cpus, memoryBytes, pids, List.copyOf(all), env, envFiles, capDrop, capAdd,
                securityOpt, readOnlyRootfs, extraHosts, workdir, at, mcpClients, endpoints, egress, devices, git, seeds);
    }

    /** This profile with these mounts in place of its own, and more variables (a named agent's lane). */
    public ProfileSpec withMounts(List<MountSpec> replaced, Map<String, String> moreEnv) {
        var allEnv = new java.util.LinkedHashMap<>(env);
        allEnv.putAll(moreEnv);
        return new ProfileSpec(name, image, user, network, cpus, memoryBytes, pids, List.copyOf(replaced), Map.copyOf(allEnv), envFiles, capDrop,
                capAdd, securityOpt, readOnlyRootfs, extraHosts, workdir, at, mcpClients, endpoints, egress, devices, git, seeds);
    }

    /** This profile with other seeds (none: doctor's probe writes nothing). */
    public ProfileSpec withSeeds(List<SeedSpec> others) {
        return new ProfileSpec(name, image, user, network, cpus, memoryBytes, pids, mounts, env, envFiles, capDrop, capAdd,
                securityOpt, readOnlyRootfs, extraHosts, workdir, at, mcpClients, endpoints, egress, devices, git, List.copyOf(others));
    }

    /** This profile starting in {@code dir}, with a writable root file system. */
    public ProfileSpec writableIn(String dir) {
        return new ProfileSpec(name, image, user, network, cpus, memoryBytes, pids, mounts, env, envFiles, capDrop, capAdd,
                securityOpt, false, extraHosts, dir, at, mcpClients, endpoints, egress, devices, git, seeds);
    }
}
