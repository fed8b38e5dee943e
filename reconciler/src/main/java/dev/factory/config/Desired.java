package dev.factory.config;

import dev.factory.kinds.image.ImageSpec;
import java.nio.file.Path;
import java.util.Map;

/** The whole desired state, as loaded from a valid config directory. */
public record Desired(Path configDir, ConfigRevision revision, HostSpec host, Map<String, ImageSpec> images) {
}
