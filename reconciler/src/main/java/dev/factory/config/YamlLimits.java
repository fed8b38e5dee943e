package dev.factory.config;

import java.nio.file.Path;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The streaming pass before a YAML file is composed: a file nested too deep or holding too many
 * values is refused as soon as that is seen, before the (recursive, slow) node tree is built.
 */
final class YamlLimits {
    private YamlLimits() {}

    /** Nesting and values counted on the event stream; the first excess as a located error, else null. */
    static Diagnostic prescan(LoadSettings settings, String text, Path file) {
        int depth = 0, values = 0;
        for (var event : new org.snakeyaml.engine.v2.api.lowlevel.Parse(settings).parseString(text)) {
            switch (event.getEventId()) {
                case MappingStart, SequenceStart -> {
                    values++;
                    if (++depth > YamlReader.MAX_DEPTH) {
                        return Diagnostic.error(at(file, event), "", "nested deeper than " + YamlReader.MAX_DEPTH + " levels; flatten this value");
                    }
                }
                case MappingEnd, SequenceEnd -> depth--;
                case Scalar, Alias -> values++;
                default -> {
                    // stream and document boundaries, comments
                }
            }
            if (values > YamlReader.MAX_NODES) {
                return Diagnostic.error(at(file, event), "", "more than " + YamlReader.MAX_NODES + " values in one file; split it into several files");
            }
        }
        return null;
    }

    private static SourceLocation at(Path file, org.snakeyaml.engine.v2.events.Event event) {
        return event.getStartMark().map(m -> YamlReader.at(file, m)).orElse(SourceLocation.of(file));
    }
}
