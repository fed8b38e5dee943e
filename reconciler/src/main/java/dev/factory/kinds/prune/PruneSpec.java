package dev.factory.kinds.prune;

import dev.factory.config.Age;
import java.util.List;

/** The {@code prune:} section and the host's disk guard, with defaults applied. */
@dev.factory.engine.KindApi
public record PruneSpec(int maxDeletions, List<WorktreeRule> worktrees, List<FileRule> files, ContainerRule containers,
                        ImageRule images, Long buildCacheMax, List<CommandRule> commands, DiskSpec disk) {

    public static final int DEFAULT_MAX_DELETIONS = dev.factory.plan.BlastRadius.DEFAULT_MAX_DELETIONS;

    public static PruneSpec none(DiskSpec disk) {
        return new PruneSpec(DEFAULT_MAX_DELETIONS, List.of(), List.of(), null, null, null, List.of(), disk);
    }

    /**
     * @param repo a declared repo's name, or {@code *}
     * @param ignoredDisposable globs of git-ignored names a removable worktree may hold (build output)
     */
    public record WorktreeRule(String repo, Age olderThan, List<String> ignoredDisposable) {
        public static final List<String> DEFAULT_DISPOSABLE = List.of("node_modules", "dist", "build", "out", ".next", ".nuxt", ".turbo",
                ".cache", ".parcel-cache", "coverage", ".pnpm-store", "__pycache__", ".pytest_cache", ".mypy_cache", ".venv", "target");

        public WorktreeRule {
            ignoredDisposable = List.copyOf(ignoredDisposable);
        }
    }

    /**
     * @param glob the glob as declared, with {@code ~} expanded (for people)
     * @param root the glob's non-glob prefix: nothing outside it is ever touched
     * @param pattern the rest of the glob, matched name by name below {@code root}
     */
    public record FileRule(String glob, java.nio.file.Path root, String pattern, Age olderThan, Long largerThan, Integer keepNewest,
                           boolean dotfiles) {}

    public record ContainerRule(Age exitedFor, boolean unowned) {}

    public record ImageRule(Integer keepLatest, boolean dangling, boolean unowned) {}

    public record CommandRule(String name, String profile, List<String> command, Age every) {}

    /** kubelet-style image GC thresholds: above {@code high}, prune older-first until below {@code low}. */
    public record DiskSpec(java.nio.file.Path path, int alertAtPercent, Integer highPercent, Integer lowPercent) {
        public static final int DEFAULT_ALERT = 85;
    }
}
