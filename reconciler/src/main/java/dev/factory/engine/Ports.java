package dev.factory.engine;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The adapters a reconciler works through, by the port each implements: the composition root
 * ({@code dev.factory.app}) puts Docker, GitHub, git and systemd here; a kind asks for the port
 * it declared ({@code ports.get(NetworkEngine.class)}) and never sees an adapter. Closing the
 * ports closes the adapters that were handed over for closing.
 */
public final class Ports implements AutoCloseable {
    private final Map<Class<?>, Object> byType;
    private final List<AutoCloseable> owned;
    private final List<Observation> observations;

    private Ports(Map<Class<?>, Object> byType, List<AutoCloseable> owned, List<Observation> observations) {
        this.byType = Map.copyOf(byType);
        this.owned = List.copyOf(owned);
        this.observations = List.copyOf(observations);
    }

    /** Something that can remember what it observed for the length of one plan (one listing per plan, not per kind). */
    public interface Observation {
        void begin();

        void end();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The adapter behind {@code port}; a kind asking for a port nobody provided is a wiring bug, named. */
    public <T> T get(Class<T> port) {
        Object adapter = byType.get(port);
        if (adapter == null) throw new IllegalStateException("no adapter provides " + port.getName() + "; add it in dev.factory.app");
        return port.cast(adapter);
    }

    public boolean has(Class<?> port) {
        return byType.containsKey(port);
    }

    /** Runs {@code work} with every observation scope open. */
    public <T> T observing(java.util.function.Supplier<T> work) {
        observations.forEach(Observation::begin);
        try {
            return work.get();
        } finally {
            observations.forEach(Observation::end);
        }
    }

    @Override
    public void close() throws IOException {
        IOException failed = null;
        for (AutoCloseable c : owned) {
            try {
                c.close();
            } catch (Exception e) {
                if (failed == null) failed = new IOException("closing an adapter: " + e.getMessage(), e);
            }
        }
        if (failed != null) throw failed;
    }

    public static final class Builder {
        private final Map<Class<?>, Object> byType = new LinkedHashMap<>();
        private final List<AutoCloseable> owned = new ArrayList<>();
        private final List<Observation> observations = new ArrayList<>();

        public <T> Builder put(Class<T> port, T adapter) {
            byType.put(port, port.cast(adapter));
            return this;
        }

        /** Closed with the ports. */
        public Builder closing(AutoCloseable adapter) {
            owned.add(adapter);
            return this;
        }

        public Builder observation(Observation observation) {
            observations.add(observation);
            return this;
        }

        public Ports build() {
            return new Ports(byType, owned, observations);
        }
    }
}
