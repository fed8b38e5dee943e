package dev.factory.kinds.prune;

import java.util.List;

/**
 * What a prune change saw, as its {@code before}, so apply can refuse when it changed: a worktree
 * (its clone, id, path, HEAD, or {@code gone}), a file or directory (its rule's root, size, file
 * count and newest mtime), an exited container (its id, whether owned), an image (its id, tags),
 * the build cache (its size, what to keep), a maintenance command's last run. A command's
 * {@code after} names its profile and command.
 */
record PrunePayload(String repo, String id, String path, String head, Boolean gone, String root, Long bytes, Long files, String mtime,
                    Boolean owned, List<String> tags, Long keep, String lastRun, String profile, List<String> command) {

    static PrunePayload worktree(String repo, String id, String path, String head, Boolean gone) {
        return new PrunePayload(repo, id, path, head, gone, null, null, null, null, null, null, null, null, null, null);
    }

    static PrunePayload file(String path, String root, long bytes, long files, String mtime) {
        return new PrunePayload(null, null, path, null, null, root, bytes, files, mtime, null, null, null, null, null, null);
    }

    static PrunePayload container(String id, boolean owned) {
        return new PrunePayload(null, id, null, null, null, null, null, null, null, owned, null, null, null, null, null);
    }

    static PrunePayload image(String id, List<String> tags) {
        return new PrunePayload(null, id, null, null, null, null, null, null, null, null, tags, null, null, null, null);
    }

    static PrunePayload buildCache(long bytes, long keep) {
        return new PrunePayload(null, null, null, null, null, null, bytes, null, null, null, null, keep, null, null, null);
    }

    static PrunePayload lastRun(String at) {
        return new PrunePayload(null, null, null, null, null, null, null, null, null, null, null, null, at, null, null);
    }

    static PrunePayload command(String profile, List<String> command) {
        return new PrunePayload(null, null, null, null, null, null, null, null, null, null, null, null, null, profile, command);
    }
}
