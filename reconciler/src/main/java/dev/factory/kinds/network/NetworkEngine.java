package dev.factory.kinds.network;

import java.util.List;
import java.util.Map;

/** The port to the engine's networks. */
public interface NetworkEngine {
    record EngineNetwork(String id, String name, String driver, boolean internal, Map<String, String> labels) {}

    List<EngineNetwork> listNetworks();

    void createNetwork(String name, String driver, boolean internal, Map<String, String> labels);

    void removeNetwork(String id);
}
