package dev.factory.fs;

import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.util.Optional;

/**
 * {@code /proc/self/fd/N} for an open directory: the one way to create a directory inside a handle
 * (Java has no {@code mkdirat}). Reads the JDK's descriptor field, which needs
 * {@code --add-opens java.base/sun.nio.fs=ALL-UNNAMED} (the jar's manifest grants it); without it,
 * callers fall back to a path and check the result.
 */
final class DescriptorPaths {
    private static final Field DFD = field();

    private DescriptorPaths() {}

    static Optional<Path> of(SecureDirectoryStream<Path> handle) {
        if (DFD == null || !DFD.getDeclaringClass().isInstance(handle)) return Optional.empty();
        try {
            Path p = Path.of("/proc/self/fd/" + DFD.getInt(handle));
            return Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
        } catch (IllegalAccessException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Field field() {
        try {
            Field f = Class.forName("sun.nio.fs.UnixSecureDirectoryStream").getDeclaredField("dfd");
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
