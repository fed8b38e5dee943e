package dev.factory.app;

import dev.factory.config.ConfigLoader;
import dev.factory.config.Section;
import dev.factory.engine.KindModule;
import dev.factory.git.JgitConfigGit;
import dev.factory.kinds.container.ContainerModule;
import dev.factory.kinds.file.FileModule;
import dev.factory.kinds.image.ImageModule;
import dev.factory.kinds.mcp.McpModule;
import dev.factory.kinds.network.NetworkModule;
import dev.factory.kinds.prune.PruneModule;
import dev.factory.kinds.repo.RepoModule;
import dev.factory.kinds.runner.RunnerModule;
import dev.factory.kinds.volume.VolumeModule;
import dev.factory.schedule.JobSection;
import dev.factory.schedule.ScheduleSection;
import java.util.ArrayList;
import java.util.List;

/**
 * The one list of kinds. Their order is the plan's: containers read the image changes, network
 * deletes wait for container deletes, the file kind renders what the kinds before and after it
 * contribute (a repo's AGENTS.md, the runner unit, MCP clients, in that order). Adding a kind is
 * one line here; removing one is deleting its line.
 */
public final class Registry {
    private Registry() {}

    public static List<KindModule> kinds() {
        return List.of(
                new ImageModule(),
                new ContainerModule(),
                new dev.factory.kinds.egress.EgressModule(),
                new dev.factory.kinds.swarm.SwarmModule(),
                new NetworkModule(),
                new VolumeModule(),
                new RepoModule(),
                new dev.factory.kinds.agent.AgentModule(),
                new FileModule(),
                new PruneModule(),
                new RunnerModule(),
                new McpModule());
    }

    /** Every config section: the kinds', then the daemon's schedule and jobs. */
    public static List<Section<?>> sections() {
        return sections(kinds());
    }

    /** The sections of these kinds, then the daemon's: for a registry extended by one line (a test's kind). */
    public static List<Section<?>> sections(List<KindModule> kinds) {
        var out = new ArrayList<Section<?>>();
        kinds.forEach(k -> out.addAll(k.sections()));
        out.add(ScheduleSection.SECTION);
        out.add(JobSection.SECTION);
        out.add(dev.factory.notify.NotifySection.SECTION);
        return List.copyOf(out);
    }

    /** A loader for the whole config, reading git with jgit. */
    /** The config's git, read with jgit (nothing the repository configures runs). */
    public static dev.factory.config.ConfigGit configGit() {
        return new JgitConfigGit();
    }

    /**
     * The config loader, remembering clean schema verdicts and clean parses in the invoking user's cache
     * (see {@link dev.factory.config.SchemaVerdicts}, {@link dev.factory.config.ParsedConfigs}).
     */
    public static ConfigLoader configLoader() {
        var sections = sections();
        var dir = dev.factory.config.SchemaVerdicts.userCacheDir(System.getenv());
        var verdicts = dir == null ? dev.factory.config.SchemaVerdicts.none()
                : dev.factory.config.SchemaVerdicts.at(dir, dev.factory.config.SchemaValidator.sourceDigest(sections));
        var parsed = dir == null ? dev.factory.config.ParsedConfigs.none()
                : dev.factory.config.ParsedConfigs.at(dir.resolveSibling("parsed-config"), dev.factory.config.ParsedConfigs.parserDigest());
        return new ConfigLoader(sections, new JgitConfigGit(), verdicts, parsed);
    }
}
