package dev.factory.kinds.agent;

import dev.factory.engine.port.MountSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a named agent changes in its profile for a lane: its own configDir takes the place of the
 * profile's mounts of the CLI's config (every mount at the config home, and the read-write ones
 * inside it or beside it: auth and state), read-only ones inside it stay on top (a rendered MCP
 * config); the CLI is told where its config is; its instructions are mounted read-only in the
 * CLI's slot unless that slot lies inside a host directory the profile still mounts.
 */
public final class AgentLanes {
    private AgentLanes() {}

    /** The mounts and variables a lane of {@code agent} adds to or takes from its profile's. */
    public record Overlay(List<MountSpec> mounts, Map<String, String> env, boolean instructionsMounted) {}

    /**
     * @param profileMounts the profile's mounts
     * @param instructions the rendered file for the CLI's slot (the agent's instructions, the repo's AGENTS.md or both), or null
     */
    public static Overlay overlay(AgentSpec agent, List<MountSpec> profileMounts, Path instructions) {
        var mounts = new ArrayList<MountSpec>();
        var env = new LinkedHashMap<String, String>();
        AgentCli cli = agent.cli();
        for (MountSpec m : profileMounts) {
            if (agent.configDir() == null || !replacedByConfigDir(cli, m)) mounts.add(m);
        }
        if (agent.configDir() != null) {
            mounts.add(new MountSpec(MountSpec.Type.BIND, agent.configDir().toString(), cli.configHome(), false));
            env.put(cli.configEnv(), cli.configHome());
        }
        boolean mounted = false;
        if (instructions != null && sharedHostDirAt(agent, profileMounts, cli.instructionsSlot()).isEmpty()) {
            mounts.add(new MountSpec(MountSpec.Type.BIND, instructions.toString(), cli.instructionsSlot(), true));
            mounted = true;
        }
        return new Overlay(List.copyOf(mounts), Map.copyOf(env), mounted);
    }

    /** A mount the agent's own configDir takes the place of. */
    static boolean replacedByConfigDir(AgentCli cli, MountSpec m) {
        return m.target().equals(cli.configHome()) || (cli.holdsConfig(m.target()) && !m.readOnly());
    }

    /**
     * The profile mount of a host directory (or volume) that {@code path} would fall inside for this
     * agent's lanes: mounting a file there makes the engine create it in that directory.
     */
    static Optional<MountSpec> sharedHostDirAt(AgentSpec agent, List<MountSpec> profileMounts, String path) {
        return profileMounts.stream()
                .filter(m -> agent.configDir() == null || !replacedByConfigDir(agent.cli(), m))
                .filter(m -> path.startsWith(m.target() + "/"))
                .findFirst();
    }
}
