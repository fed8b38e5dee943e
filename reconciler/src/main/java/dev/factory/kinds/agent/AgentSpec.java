package dev.factory.kinds.agent;

import dev.factory.config.SourceLocation;
import java.nio.file.Path;

/**
 * One named agent: which CLI it runs, the profile its lanes run from, its own persistent config
 * directory on the host (null: the profile's mounts) and its own instruction file of the config
 * directory (null: none).
 */
public record AgentSpec(String name, AgentCli cli, String profile, Path configDir, Path instructions, SourceLocation at) {}
