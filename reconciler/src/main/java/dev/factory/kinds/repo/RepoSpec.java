package dev.factory.kinds.repo;

import dev.factory.config.SourceLocation;
import java.nio.file.Path;

/**
 * A declared repository clone on the host.
 *
 * @param interval how old a fetch of the remote a plan may reuse
 */
@dev.factory.engine.KindApi
public record RepoSpec(String name, String url, Path path, String branch, Path worktreesDir, SourceLocation at, Path agentsMd,
                       java.time.Duration interval) {
    public static final String DEFAULT_BRANCH = "main";
    public static final java.time.Duration DEFAULT_INTERVAL = java.time.Duration.ofMinutes(5);

    public RepoSpec(String name, String url, Path path, String branch, Path worktreesDir, SourceLocation at, Path agentsMd) {
        this(name, url, path, branch, worktreesDir, at, agentsMd, DEFAULT_INTERVAL);
    }
}
