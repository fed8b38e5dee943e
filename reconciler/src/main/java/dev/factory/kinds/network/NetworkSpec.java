package dev.factory.kinds.network;

/** A declared Docker network. */
@dev.factory.engine.KindApi
public record NetworkSpec(String name, String driver, boolean internal) {
    public static final String DEFAULT_DRIVER = "bridge";
}
