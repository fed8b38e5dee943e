package dev.factory.kinds.container;

/**
 * A file put into a container of a profile or service before its first start when nothing is at {@code path}
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

    /** A profile's seeds, then a service's: the service's own replaces the profile's at the same path. */
    public static java.util.List<SeedSpec> merged(java.util.List<SeedSpec> profile, java.util.List<SeedSpec> service) {
        var byPath = new java.util.LinkedHashMap<String, SeedSpec>();
        profile.forEach(s -> byPath.put(s.path(), s));
        service.forEach(s -> byPath.put(s.path(), s));
        return java.util.List.copyOf(byPath.values());
    }
}
