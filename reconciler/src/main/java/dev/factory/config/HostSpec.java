package dev.factory.config;

import com.fasterxml.jackson.databind.JsonNode;

/** The {@code host:} section. Unset fields fall back to defaults when the engine resolves them. */
public record HostSpec(String name, String stateDir, String dockerHost, String home, String secretsDir,
                       String githubTokenFile, String unitDir, String systemctl, String factoryBin) {
    public static final String DEFAULT_NAME = "factory";

    public static HostSpec defaults() {
        return new HostSpec(DEFAULT_NAME, null, null, null, null, null, null, null, null);
    }

    static HostSpec from(JsonNode node) {
        if (node == null) return defaults();
        return new HostSpec(
                node.hasNonNull("name") ? node.get("name").asText() : DEFAULT_NAME,
                node.hasNonNull("stateDir") ? node.get("stateDir").asText() : null,
                node.hasNonNull("dockerHost") ? node.get("dockerHost").asText() : null,
                node.hasNonNull("home") ? node.get("home").asText() : null,
                node.hasNonNull("secretsDir") ? node.get("secretsDir").asText() : null,
                node.path("github").hasNonNull("tokenFile") ? node.path("github").get("tokenFile").asText() : null,
                node.path("systemd").path("unitDir").asText("/etc/systemd/system"),
                node.path("systemd").path("systemctl").asText("systemctl"),
                node.path("systemd").path("factoryBin").asText("/usr/local/bin/factory"));
    }
}
