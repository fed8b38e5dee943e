package dev.factory.kinds.network;

/** A declared Docker network. */
public record NetworkSpec(String name, String driver, boolean internal) {
    public static final String DEFAULT_DRIVER = "bridge";
}
