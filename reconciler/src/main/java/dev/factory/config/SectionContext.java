package dev.factory.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * What a section reads with: the host (the config's own, or a trusted one for a pull request),
 * its declaration (for its location, when written), the config directory and the tree it may read,
 * where problems go, and the values of the sections read before it.
 */
public record SectionContext(HostSpec host, Declared hostDeclared, Path configDir, ConfigTree tree, Diagnostics diagnostics,
                             Map<Section<?>, Object> read) {

    /** The value of a section read earlier (listed in {@link Section#after}). */
    @SuppressWarnings("unchecked")
    public <U> U get(Section<U> section) {
        Object value = read.get(section);
        if (value == null) throw new IllegalStateException(section + " is read after the section asking for it; list it in after()");
        return (U) value;
    }
}
