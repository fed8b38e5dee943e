package dev.factory.runtime;

/**
 * The way factory was invoked cannot work (a malformed DOCKER_HOST, say): the CLI prints the
 * message and exits 64, as for a bad option, and changes nothing.
 */
public final class UsageError extends RuntimeException {
    public UsageError(String message) {
        super(message);
    }
}
