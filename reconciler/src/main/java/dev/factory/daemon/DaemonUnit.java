package dev.factory.daemon;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** {@code factory.service}, rendered with the launcher and the arguments that find the config. */
public final class DaemonUnit {
    public static final String NAME = "factory.service";

    private DaemonUnit() {}

    public static String render(String factoryBin, String args) {
        try (InputStream in = DaemonUnit.class.getResourceAsStream("/systemd/" + NAME)) {
            if (in == null) throw new IllegalStateException("/systemd/" + NAME + " is missing from the classpath");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("@FACTORY_BIN@", factoryBin).replace("@ARGS@", args);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
