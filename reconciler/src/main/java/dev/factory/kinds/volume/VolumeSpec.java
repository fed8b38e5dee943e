package dev.factory.kinds.volume;

/** A declared named volume. */
@dev.factory.engine.KindApi
public record VolumeSpec(String name, String driver) {
    public static final String DEFAULT_DRIVER = "local";
}
