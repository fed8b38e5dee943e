package dev.factory.kinds.repo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The port to git for the repo kind; {@code dev.factory.git.JgitClones} reads and writes clones
 * with jgit, running no program a clone configures.
 */
public interface Clones {

    /**
     * Where a fetch lands. A plan fetches {@link #intoCache} (a bare repository in the state dir
     * that borrows the clone's objects), so planning writes nothing into the clone; apply fetches
     * {@link #INTO_CLONE} before it fast-forwards.
     */
    record Fetch(boolean enabled, Path cacheDir, boolean refresh) {
        public static final Fetch NONE = new Fetch(false, null, false);
        public static final Fetch INTO_CLONE = new Fetch(true, null, true);

        /**
         * {@code cacheDir} null: the state dir does not exist yet, so the clone's last fetch is used.
         * A fetch into the cache younger than the repo's {@code interval} is reused unless {@code refresh}.
         */
        public static Fetch intoCache(Path cacheDir, boolean refresh) {
            return new Fetch(cacheDir != null, cacheDir, refresh);
        }
    }

    /** The clone at {@code spec.path()} as it is, after the fetch asked for. */
    RepoState observe(RepoSpec spec, Fetch fetch) throws IOException;

    /**
     * Forgets what is kept between plans of every repo but {@code declared}: its clone's last read,
     * and its remote's cache in {@code fetch}'s cache dir (nothing kept: nothing to do).
     */
    default void retain(java.util.Collection<RepoSpec> declared, Fetch fetch) {}

    /** Clones {@code spec.url()} at {@code spec.branch()} into {@code into}, which does not exist yet. */
    void cloneInto(RepoSpec spec, Path into, java.util.function.Consumer<String> progress) throws IOException;

    /** Points the clone's origin at {@code spec.url()} when it points elsewhere. */
    void setOrigin(RepoSpec spec) throws IOException;

    /** Fast-forwards the checked-out branch to {@code origin/<branch>}; refuses anything else. */
    void fastForward(RepoSpec spec) throws IOException;

    /** The clone's linked worktrees' paths, sorted; empty when unreadable (they are a note, not a decision). */
    List<String> worktrees(Path repo);
}
