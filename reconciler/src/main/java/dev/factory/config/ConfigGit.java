package dev.factory.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The port to git for reading a config: which work tree holds it (its read boundary) and the
 * commit it was read from. {@code dev.factory.git.JgitConfigGit} answers with jgit, running no
 * program the repository configures.
 */
public interface ConfigGit {

    /** The root of the git work tree holding {@code dir}, if it is in one. */
    Optional<Path> workTree(Path dir);

    /** The HEAD commit of the work tree holding {@code dir}, if any. */
    Optional<ConfigRevision> revision(Path dir);

    /** A commit that changed some lines of the config, and when (seconds since the epoch). */
    record LineChange(String sha, String subject, long time) {}

    /**
     * The newest commit among those that last changed lines {@code from..to} (1-based, inclusive)
     * of {@code file} as committed at HEAD (git blame); empty outside git or for an uncommitted file.
     */
    default Optional<LineChange> lastChange(Path file, int from, int to) {
        return Optional.empty();
    }

    /** No git: the config directory is its own boundary and has no revision. */
    ConfigGit NONE = new ConfigGit() {
        @Override
        public Optional<Path> workTree(Path dir) {
            return Optional.empty();
        }

        @Override
        public Optional<ConfigRevision> revision(Path dir) {
            return Optional.empty();
        }
    };
}
