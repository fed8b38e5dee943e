package dev.factory.kinds.file;

import dev.factory.plan.Address;
import java.nio.file.Path;
import java.util.List;

/**
 * A file factory renders: where, what, and anything that stops it from being written now
 * ({@code errors} cannot be fixed by waiting; {@code blockers} are host state, e.g. a secret missing).
 */
public record FileSpec(Address address, Path path, String content, List<String> errors, List<String> blockers, List<String> warnings) {
    public static final String KIND = "file";

    public static FileSpec of(Address address, Path path, String content) {
        return new FileSpec(address, path, content, List.of(), List.of(), List.of());
    }
}
