package dev.factory.engine.port;

/**
 * A host device passed into a container ({@code docker run --device}): {@code path} on the host,
 * {@code target} inside (the same path unless declared), cgroup {@code permissions} from {@code rwm}.
 */
public record DeviceSpec(String path, String target, String permissions) {
    public static final String ALL = "rwm";

    /** As {@code --device} writes it: {@code /dev/fuse:/dev/fuse:rwm}. */
    @Override
    public String toString() {
        return path + ":" + target + ":" + permissions;
    }
}
