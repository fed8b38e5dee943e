package dev.factory.config;

import dev.factory.daemon.JobSpec;
import dev.factory.daemon.ScheduleSpec;
import dev.factory.kinds.container.ProfileSpec;
import dev.factory.kinds.container.ServiceSpec;
import dev.factory.kinds.file.FileDecl;
import dev.factory.kinds.image.ImageSpec;
import dev.factory.kinds.mcp.McpSpec;
import dev.factory.kinds.network.NetworkSpec;
import dev.factory.kinds.prune.PruneSpec;
import dev.factory.kinds.repo.RepoSpec;
import dev.factory.kinds.runner.RunnerSpec;
import dev.factory.kinds.volume.VolumeSpec;
import java.nio.file.Path;
import java.util.Map;

/** The whole desired state, as loaded from a valid config directory. */
public record Desired(Path configDir, ConfigRevision revision, HostSpec host, Map<String, ImageSpec> images,
                      Map<String, ProfileSpec> profiles, Map<String, ServiceSpec> services,
                      Map<String, VolumeSpec> volumes, Map<String, NetworkSpec> networks, Map<String, RepoSpec> repos,
                      McpSpec mcp, Map<String, FileDecl> files, PruneSpec prune, Map<String, RunnerSpec> runners,
                      ScheduleSpec schedule, Map<String, JobSpec> jobs) {

    /** Only images: what tests of the image kind need. */
    public Desired(Path configDir, ConfigRevision revision, HostSpec host, Map<String, ImageSpec> images) {
        this(configDir, revision, host, images, Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), McpSpec.empty(), Map.of(),
                PruneSpec.none(new PruneSpec.DiskSpec(Path.of("/"), PruneSpec.DiskSpec.DEFAULT_ALERT, null, null)), Map.of(),
                ScheduleSpec.defaults(), Map.of());
    }
}
