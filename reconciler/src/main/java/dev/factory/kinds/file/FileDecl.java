package dev.factory.kinds.file;

import java.nio.file.Path;

/** A declared file: copied from the config directory ({@code source}) or written from {@code content}. */
public record FileDecl(String name, Path path, Path source, String content, String mode) {

    /** @param mode octal permissions as declared, or null for 0644 */
    public FileDecl(String name, Path path, Path source, String content) {
        this(name, path, source, content, null);
    }
}
