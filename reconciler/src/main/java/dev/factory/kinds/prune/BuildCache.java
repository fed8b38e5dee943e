package dev.factory.kinds.prune;

/** The port to the engine's build cache; the Docker adapter answers it with the engine's own API. */
public interface BuildCache {

    /** Bytes the build cache holds now. */
    long bytes();

    /** Prunes the cache down to {@code keepBytes}; returns the bytes freed. */
    long prune(long keepBytes);
}
