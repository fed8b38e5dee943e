package dev.factory.app;

import dev.factory.config.SchemaValidator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run by the build (process-classes): writes the digest of the shipped sections' schema sources
 * where {@link SchemaValidator#sourceDigest} finds it, so a cold load does not hash them again.
 */
public final class SchemaSourceDigest {
    private SchemaSourceDigest() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) throw new IllegalArgumentException("usage: SchemaSourceDigest OUTPUT-FILE");
        var sections = Registry.sections();
        Path out = Path.of(args[0]);
        Files.createDirectories(out.getParent());
        Files.writeString(out, SchemaValidator.sectionNames(sections) + "\t" + SchemaValidator.computeSourceDigest(sections) + "\n",
                StandardCharsets.UTF_8);
    }
}
