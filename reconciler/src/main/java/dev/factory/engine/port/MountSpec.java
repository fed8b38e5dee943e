package dev.factory.engine.port;

/** One mount: a bind of a host path (resolved, absolute) or a declared volume by name. */
public record MountSpec(Type type, String source, String target, boolean readOnly) {
    public enum Type { BIND, VOLUME }

    /** As the plan shows it: {@code /host/path:/target:ro}. */
    @Override
    public String toString() {
        return (type == Type.VOLUME ? "volume " : "") + source + ":" + target + (readOnly ? ":ro" : ":rw");
    }
}
