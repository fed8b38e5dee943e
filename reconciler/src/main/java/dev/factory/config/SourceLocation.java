package dev.factory.config;

import java.nio.file.Path;

/** A 1-based position in a file, printed as {@code file:line:col} the way compilers do. */
public record SourceLocation(Path file, int line, int column) {

    public static SourceLocation of(Path file) {
        return new SourceLocation(file, 0, 0);
    }

    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ":" + column : file.toString();
    }
}
