package dev.factory.kinds.repo;

import dev.factory.config.SourceLocation;
import java.nio.file.Path;

/** A declared repository clone on the host. */
@dev.factory.engine.KindApi
public record RepoSpec(String name, String url, Path path, String branch, Path worktreesDir, SourceLocation at, Path agentsMd) {
    public static final String DEFAULT_BRANCH = "main";
}
