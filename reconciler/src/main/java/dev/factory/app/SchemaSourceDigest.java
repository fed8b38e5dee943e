package dev.factory.app;

import dev.factory.config.SchemaValidator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run by the build (process-classes): writes the digest of the shipped sections' schema sources
 * where {@link SchemaValidator#sourceDigest} finds it, so a cold load does not hash them again;
 * given the classes directory, also the YAML parser's identity ({@link dev.factory.config.ParsedConfigs#computeParserDigest}).
 */
public final class SchemaSourceDigest {
    private SchemaSourceDigest() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1 && args.length != 2) throw new IllegalArgumentException("usage: SchemaSourceDigest OUTPUT-FILE [CLASSES-DIR]");
        var sections = Registry.sections();
        Path out = Path.of(args[0]);
        Files.createDirectories(out.getParent());
        Files.writeString(out, SchemaValidator.sectionNames(sections) + "\t" + SchemaValidator.computeSourceDigest(sections) + "\n",
                StandardCharsets.UTF_8);
        if (args.length == 2) {
            Path classes = Path.of(args[1]);
            Files.writeString(classes.resolve("dev/factory/config").resolve(dev.factory.config.ParsedConfigs.PARSER_DIGEST),
                    dev.factory.config.ParsedConfigs.computeParserDigest(classes) + "\n", StandardCharsets.US_ASCII);
        }
    }
}
