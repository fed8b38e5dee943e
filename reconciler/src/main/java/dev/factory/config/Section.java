package dev.factory.config;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One part of a config, read by the kind (or feature) that owns it: the top-level keys it reads,
 * which of them hold a single object rather than a map of names, the sections it reads after
 * (their values are in the {@link SectionContext}), and how it turns what was declared into its
 * value, reporting every problem. The config loader iterates the sections it is given and names
 * none of them.
 *
 * <p>Its schema fragment is the resource {@code <SimpleName>.schema.json} beside the class: a
 * JSON object whose {@code properties} declare its keys and whose {@code $defs} add its types
 * (it may use the shared ones in {@code config/base.schema.json}).
 *
 * @param <T> what the section reads into; {@link Desired#get} returns it
 */
public interface Section<T> {

    /** The top-level keys this section owns, e.g. {@code images}, or {@code profiles} and {@code services}. */
    List<String> keys();

    /** Keys whose value is one object ({@code mcp}, {@code prune}) instead of a map of names. */
    default Set<String> singletons() {
        return Set.of();
    }

    /** Sections whose values this one reads (they are read first). */
    default List<Section<?>> after() {
        return List.of();
    }

    /**
     * Reads what was declared under this section's keys: {@code declared.get(key)} may be empty,
     * and then the defaults are returned. Problems go to {@code ctx.diagnostics()}, never thrown.
     */
    T read(Map<String, List<Declared>> declared, SectionContext ctx);

    /** A map by name, sorted: a config reads and plans in the same order on every run. */
    static <V> Map<String, V> sorted(Map<String, V> map) {
        return java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(map));
    }
}
