package dev.factory.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * The whole desired state, as loaded from a valid config directory: the host, and each section's
 * value, found by the section that read it ({@code desired.get(ImageSection.SECTION)}). Desired
 * names no kind: a new kind brings its own section. {@code declared} keeps every declaration as
 * written (by top-level key), for the drift report to find which commit changed one.
 */
public record Desired(Path configDir, ConfigRevision revision, HostSpec host, Map<Section<?>, Object> sections,
                      Map<String, java.util.List<Declared>> declared) {

    public Desired {
        sections = Map.copyOf(sections);
        declared = declared == null ? Map.of() : Map.copyOf(declared);
    }

    public Desired(Path configDir, ConfigRevision revision, HostSpec host, Map<Section<?>, Object> sections) {
        this(configDir, revision, host, sections, Map.of());
    }

    /** The secret store the host declares ({@code host.secretsDir}), with this process's environment. */
    public dev.factory.secrets.SecretStore secrets() {
        String dir = host.secretsDir();
        return dev.factory.secrets.SecretStore.system(dir == null ? null : HostPaths.resolve(dir, host, configDir));
    }

    @SuppressWarnings("unchecked")
    public <T> T get(Section<T> section) {
        Object value = sections.get(section);
        if (value == null) throw new IllegalStateException(section + " was not loaded with this config; is it in the registry?");
        return (T) value;
    }
}
