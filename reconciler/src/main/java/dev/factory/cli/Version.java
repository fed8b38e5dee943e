package dev.factory.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.IVersionProvider;

/** factory's version, the commit its jar was built from, and the Java running it. */
final class Version implements IVersionProvider {
    static String version() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-dev" : v;
    }

    /** The build's {@code git rev-parse HEAD}, or "unknown" (built outside a git checkout, or from an IDE). */
    static String commit() {
        try (InputStream in = Version.class.getResourceAsStream("build-commit.txt")) {
            if (in == null) return "unknown";
            String text = new String(in.readNBytes(200), StandardCharsets.UTF_8).strip();
            return text.matches("[0-9a-f]{40}") ? text : "unknown";
        } catch (IOException e) {
            return "unknown";
        }
    }

    static String java() {
        return System.getProperty("java.runtime.version", System.getProperty("java.version"));
    }

    @Override
    public String[] getVersion() {
        return new String[] {"factory " + version() + " (commit " + commit() + ", Java " + java() + ")"};
    }
}
