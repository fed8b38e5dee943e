package dev.factory.cli;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C during an apply: the first stops it after the changes in flight (they finish and are
 * journaled, the rest are skipped and the next apply picks them up); a second exits at once, as
 * the JVM would have. Restores the previous handler when closed.
 */
final class Interrupt implements AutoCloseable {
    static final String MESSAGE = "Interrupted: stopping after the change in flight (Ctrl-C again to stop at once; the journal keeps what is done)";

    private final AtomicBoolean requested = new AtomicBoolean();
    private final Signal signal = new Signal("INT");
    private final SignalHandler previous;

    private Interrupt(PrintWriter err) {
        SignalHandler before;
        try {
            before = Signal.handle(signal, s -> {
                if (requested.getAndSet(true)) {
                    Runtime.getRuntime().halt(130);
                }
                err.println();
                err.println(MESSAGE);
                err.flush();
            });
        } catch (IllegalArgumentException e) {   // the JVM runs with -Xrs or reserves SIGINT: Ctrl-C keeps its default
            before = null;
        }
        previous = before;
    }

    static Interrupt install(PrintWriter err) {
        return new Interrupt(err);
    }

    boolean requested() {
        return requested.get();
    }

    @Override
    public void close() {
        if (previous != null) Signal.handle(signal, previous);
    }
}
