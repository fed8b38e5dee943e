package dev.factory.kinds.runner;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** The {@code factory-runner@.service} template, rendered with where factory, its config and its state are. */
public final class RunnerUnit {
    public static final String TEMPLATE = "factory-runner@.service";

    private RunnerUnit() {}

    public static String render(String factoryBin, Path configDir, Path stateDir) {
        try (InputStream in = RunnerUnit.class.getResourceAsStream("/systemd/" + TEMPLATE)) {
            if (in == null) throw new IllegalStateException("/systemd/" + TEMPLATE + " is missing from the classpath");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("@FACTORY_BIN@", factoryBin)
                    .replace("@CONFIG_DIR@", configDir.toString())
                    .replace("@STATE_DIR@", stateDir.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
