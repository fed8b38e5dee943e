package dev.factory.kinds.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.factory.config.Declared;
import dev.factory.config.Diagnostic;
import dev.factory.config.Diagnostics;
import dev.factory.config.HostPaths;
import dev.factory.config.HostSpec;
import dev.factory.config.SecretScanner;
import dev.factory.config.Suggestions;
import dev.factory.secrets.SecretRef;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads and checks {@code mcp:}: each transport has its own fields, clients name declared servers, secrets are references. */
public final class McpRules {
    private McpRules() {}

    public static McpSpec read(List<Declared> declared, HostSpec host, Path configDir, Diagnostics diagnostics) {
        if (declared.isEmpty()) return McpSpec.empty();
        Declared d = declared.get(0);
        var servers = new TreeMap<String, McpServer>();
        d.spec().path("servers").fields().forEachRemaining(e ->
                servers.put(e.getKey(), server(e.getKey(), e.getValue(), d, "/servers/" + e.getKey(), host, configDir, diagnostics)));
        var clients = new TreeMap<String, McpClient>();
        d.spec().path("clients").fields().forEachRemaining(e ->
                clients.put(e.getKey(), client(e.getKey(), e.getValue(), d, "/clients/" + e.getKey(), servers, host, configDir, diagnostics)));
        return new McpSpec(servers, clients, d);
    }

    private static McpServer server(String name, JsonNode n, Declared d, String rel, HostSpec host, Path configDir, Diagnostics diagnostics) {
        var transport = "http".equals(n.path("transport").asText()) ? McpServer.Transport.HTTP : McpServer.Transport.STDIO;
        String pointer = d.pointer() + rel;
        if (transport == McpServer.Transport.STDIO) {
            if (!n.hasNonNull("command")) error(d, pointer, "mcp server " + name + ": a stdio server needs a command", diagnostics);
            for (String f : List.of("url", "headers", "bearerTokenEnv", "tokenCache")) {
                if (n.has(f)) error(d, pointer + "/" + f, "mcp server " + name + ": '" + f + "' is for http servers; a server table is one transport, never both", diagnostics);
            }
        } else {
            if (!n.hasNonNull("url")) error(d, pointer, "mcp server " + name + ": an http server needs a url", diagnostics);
            for (String f : List.of("command", "args", "env", "cwd")) {
                if (n.has(f)) error(d, pointer + "/" + f, "mcp server " + name + ": '" + f + "' is for stdio servers; a server table is one transport, never both", diagnostics);
            }
        }
        var env = strings(n.path("env"));
        var headers = strings(n.path("headers"));
        env.forEach((k, v) -> checkValue(d, pointer + "/env/" + k, "env " + k, v, host, diagnostics));
        headers.forEach((k, v) -> checkValue(d, pointer + "/headers/" + k, "header " + k, v, host, diagnostics));
        Path tokenCache = n.hasNonNull("tokenCache") ? HostPaths.resolve(n.get("tokenCache").asText(), host, configDir) : null;
        return new McpServer(name, transport, text(n, "command"), list(n.path("args")), env, text(n, "cwd"), text(n, "url"), headers,
                text(n, "bearerTokenEnv"), tokenCache, list(n.path("enabledTools")), list(n.path("disabledTools")),
                n.hasNonNull("startupTimeout") ? n.get("startupTimeout").asInt() : null,
                n.hasNonNull("toolTimeout") ? n.get("toolTimeout").asInt() : null);
    }

    private static void checkValue(Declared d, String pointer, String what, String value, HostSpec host, Diagnostics diagnostics) {
        try {
            for (SecretRef ref : SecretRef.findIn(value)) {
                if (ref.kind() == SecretRef.Kind.SECRET && host.secretsDir() == null) {
                    error(d, pointer, ref.text() + " needs host.secretsDir to say where secret files live", diagnostics);
                }
            }
        } catch (IllegalArgumentException e) {
            error(d, pointer, e.getMessage(), diagnostics);
            return;
        }
        SecretScanner.looksLikeSecret(SecretRef.withoutReferences(value)).ifPresent(kind -> error(d, pointer,
                what + " looks like " + kind + " written inline; rendered files hold references only: write ${secret:FILE#KEY}", diagnostics));
    }

    private static McpClient client(String name, JsonNode n, Declared d, String rel, Map<String, McpServer> servers, HostSpec host,
                                    Path configDir, Diagnostics diagnostics) {
        String pointer = d.pointer() + rel;
        String path = n.path("path").asText();
        if (!path.startsWith("/") && !path.startsWith("~")) {
            error(d, pointer + "/path", "mcp client " + name + ": path must be an absolute host path or ~/...; profiles mount it from there", diagnostics);
        }
        List<String> names;
        JsonNode s = n.get("servers");
        if (s == null) names = List.of();
        else if (s.isTextual()) names = new ArrayList<>(servers.keySet());
        else {
            names = list(s);
            for (int i = 0; i < names.size(); i++) {
                if (!servers.containsKey(names.get(i))) {
                    error(d, pointer + "/servers/" + i, "mcp client " + name + ": server '" + names.get(i) + "' is not declared"
                            + Suggestions.didYouMean(names.get(i), servers.keySet()), diagnostics);
                }
            }
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> settings = n.has("settings") ? new ObjectMapper().convertValue(n.get("settings"), LinkedHashMap.class) : Map.of();
        return new McpClient(name, McpClient.Format.of(n.path("format").asText()), HostPaths.resolve(path, host, configDir),
                names, settings, list(n.path("trust")), n.hasNonNull("mode") ? n.get("mode").asText() : null);
    }

    private static void error(Declared d, String pointer, String message, Diagnostics diagnostics) {
        diagnostics.add(Diagnostic.error(d.doc().valueLocation(pointer), d.doc().yamlPath(pointer), message));
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }

    private static List<String> list(JsonNode n) {
        var out = new ArrayList<String>();
        n.forEach(x -> out.add(x.asText()));
        return out;
    }

    private static Map<String, String> strings(JsonNode n) {
        var out = new TreeMap<String, String>();
        n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

}
