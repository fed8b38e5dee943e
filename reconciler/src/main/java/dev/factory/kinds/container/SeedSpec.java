package dev.factory.kinds.container;

/**
 * A file put into a service's container before its first start when nothing is at {@code path}
 * yet (typically in a volume or mount that outlives the container): copied from {@code fromImage},
 * a path in the container's own image, or from {@code file}, a file of the config repo. What is
 * there already, edited or not, file, directory or link, is never touched.
 */
@dev.factory.engine.KindApi
public record SeedSpec(String path, String fromImage, java.nio.file.Path file) {
    /** Where it comes from, for messages. */
    public String source() {
        return fromImage != null ? "the image's " + fromImage : file.toString();
    }
}
