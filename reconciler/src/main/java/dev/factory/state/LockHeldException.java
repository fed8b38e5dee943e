package dev.factory.state;

/** Another apply holds the state lock. The message names the holder. */
public final class LockHeldException extends Exception {
    public LockHeldException(String message) {
        super(message);
    }
}
