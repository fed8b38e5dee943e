package dev.factory.engine;

import dev.factory.plan.Address;
import java.nio.file.Path;
import java.util.List;

/**
 * A file factory renders: where, what, and anything that stops it from being written now
 * ({@code errors} cannot be fixed by waiting; {@code blockers} are host state, e.g. a secret missing).
 */
public record RenderedFile(Address address, Path path, String content, List<String> errors, List<String> blockers, List<String> warnings,
                       String mode) {
    public static final String KIND = "file";
    public static final String DEFAULT_MODE = "0644";
    /** For files that name the variables secrets arrive in: readable by their owner alone. */
    public static final String PRIVATE_MODE = "0600";

    public RenderedFile {
        mode = normal(mode == null ? DEFAULT_MODE : mode);
    }

    public RenderedFile(Address address, Path path, String content, List<String> errors, List<String> blockers, List<String> warnings) {
        this(address, path, content, errors, blockers, warnings, DEFAULT_MODE);
    }

    public static RenderedFile of(Address address, Path path, String content) {
        return new RenderedFile(address, path, content, List.of(), List.of(), List.of(), DEFAULT_MODE);
    }

    public RenderedFile withMode(String newMode) {
        return new RenderedFile(address, path, content, errors, blockers, warnings, newMode);
    }

    /** Four octal digits: {@code 644} and {@code 0644} are the same mode. */
    public static String normal(String mode) {
        return mode.length() == 3 ? "0" + mode : mode;
    }

    public java.util.Set<java.nio.file.attribute.PosixFilePermission> permissions() {
        int bits = Integer.parseInt(mode, 8);
        var out = java.util.EnumSet.noneOf(java.nio.file.attribute.PosixFilePermission.class);
        var all = java.nio.file.attribute.PosixFilePermission.values();   // OWNER_READ ... OTHERS_EXECUTE, high bit first
        for (int i = 0; i < 9; i++) if ((bits & (1 << (8 - i))) != 0) out.add(all[i]);
        return out;
    }
}
