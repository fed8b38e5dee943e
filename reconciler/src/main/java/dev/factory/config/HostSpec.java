package dev.factory.config;

import com.fasterxml.jackson.databind.JsonNode;

/** The {@code host:} section. Unset fields fall back to defaults when the engine resolves them. */
public record HostSpec(String name, String stateDir, String dockerHost, String home, String secretsDir,
                       String githubTokenFile, String unitDir, String systemctl, String factoryBin,
                       java.util.List<String> buildCaCertificates, boolean keepBuildCaCertificates, String buildNetwork) {
    public static final String DEFAULT_NAME = "factory";

    /** This host spec with its Docker engine elsewhere (a swarm node's, for {@code --node}). */
    public HostSpec withDockerHost(String endpoint) {
        return new HostSpec(name, stateDir, endpoint, home, secretsDir, githubTokenFile, unitDir, systemctl, factoryBin, buildCaCertificates,
                keepBuildCaCertificates, buildNetwork);
    }

    public static HostSpec defaults() {
        return new HostSpec(DEFAULT_NAME, null, null, null, null, null, null, null, null, java.util.List.of(), false, null);
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
                node.path("systemd").path("factoryBin").asText("/usr/local/bin/factory"),
                strings(node.path("build").path("caCertificates")),
                node.path("build").path("keepCaCertificates").asBoolean(false),
                node.path("build").hasNonNull("network") ? node.path("build").get("network").asText() : null);
    }

    private static java.util.List<String> strings(JsonNode array) {
        var out = new java.util.ArrayList<String>();
        array.forEach(v -> out.add(v.asText()));
        return java.util.List.copyOf(out);
    }
}
