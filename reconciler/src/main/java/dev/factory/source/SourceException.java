package dev.factory.source;

/** The config could not be had from its repo at all: no fetch worked and nothing was fetched before. */
public final class SourceException extends Exception {
    public SourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
