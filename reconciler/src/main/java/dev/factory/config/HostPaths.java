package dev.factory.config;

import java.nio.file.Path;

/** Host paths as written in the config: {@code ~} is the host user's home, relative is the config dir. */
public final class HostPaths {
    private HostPaths() {}

    public static Path resolve(String path, HostSpec host, Path configDir) {
        String home = host.home() != null ? host.home() : System.getProperty("user.home");
        if (path.equals("~")) return Path.of(home);
        if (path.startsWith("~/")) return Path.of(home, path.substring(2)).normalize();
        return configDir.resolve(path).normalize();
    }
}
