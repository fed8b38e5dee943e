package dev.factory.engine.port;

/** The engine could not be reached; whatever depended on observing it is unknown, not absent. */
public final class DockerUnavailableException extends RuntimeException {
    public DockerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
