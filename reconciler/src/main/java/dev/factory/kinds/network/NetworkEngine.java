package dev.factory.kinds.network;

import java.util.List;
import java.util.Map;

/** The port to the engine's networks. */
@dev.factory.engine.KindApi
public interface NetworkEngine {
    record EngineNetwork(String id, String name, String driver, boolean internal, Map<String, String> labels) {}

    List<EngineNetwork> listNetworks();

    void createNetwork(String name, String driver, boolean internal, Map<String, String> labels);

    void removeNetwork(String id);

    /**
     * A bridge network on a subnet of factory's choosing, with driver options (an egress network:
     * internal, and no address of the host's on it).
     */
    default void createNetwork(String name, boolean internal, String subnet, Map<String, String> options, Map<String, String> labels) {
        throw new UnsupportedOperationException("this engine cannot create a network on a chosen subnet");
    }

    /** Disconnects every container from the network, at once (before it is removed). */
    default void disconnectAll(String id) {
        throw new UnsupportedOperationException("this engine cannot disconnect containers");
    }
}
