package dev.factory.kinds.volume;

import java.util.List;
import java.util.Map;

/** The port to the engine's named volumes. */
@dev.factory.engine.KindApi
public interface VolumeEngine {
    record EngineVolume(String name, String driver, Map<String, String> labels) {}

    List<EngineVolume> listVolumes();

    void createVolume(String name, String driver, Map<String, String> labels);

    /** Removes a volume; one already gone is fine. */
    default void removeVolume(String name) {
        throw new UnsupportedOperationException("this engine cannot remove volumes");
    }
}
