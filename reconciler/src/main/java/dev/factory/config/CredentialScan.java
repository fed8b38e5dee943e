package dev.factory.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One pass over every string of every config document (keys too): a credential-shaped literal is
 * refused wherever it is written (a repo URL, MCP args, a file's content, a command, a webhook),
 * as is a password in a URL's userinfo; a secret reference is refused where nothing expands it,
 * because it would be used as written. Errors cite the value's file:line:col and never the value.
 * Runs after the per-kind checks and adds nothing where one of them already reported.
 */
final class CredentialScan {
    private static final Pattern USERINFO_PASSWORD = Pattern.compile("(?i)\\b[a-z][a-z0-9+.-]*://[^/\\s@:?#]*:[^/\\s@?#]+@");
    /** Where a reference is expanded: container env, MCP env and headers (as ${VAR}), the drift webhook, the daemon's webhook secret. */
    private static final List<Pattern> EXPANDED = List.of(
            Pattern.compile("/profiles/[^/]+/env/[^/]+"),
            Pattern.compile("/mcp/servers/[^/]+/(env|headers)/[^/]+"),
            Pattern.compile("/schedule/drift/webhook"),
            Pattern.compile("/schedule/http/webhookSecret"),
            Pattern.compile("/notify/[^/]+/(slack|webhook)"));
    private static final String HINT = "put the value in an env file in host.secretsDir and write ${secret:FILE#KEY} where it is expanded"
            + " (profile env, MCP env and headers, the drift webhook, schedule.http.webhookSecret, notify URLs), or ${env:NAME}";

    private CredentialScan() {}

    static void scan(List<YamlDocument> documents, Diagnostics diagnostics) {
        for (YamlDocument doc : documents) walk(doc, doc.root(), "", diagnostics);
    }

    private static void walk(YamlDocument doc, JsonNode node, String pointer, Diagnostics diagnostics) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                String child = YamlDocument.pointer(pointer, e.getKey());
                check(doc, e.getKey(), child, true, diagnostics);
                walk(doc, e.getValue(), child, diagnostics);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) walk(doc, node.get(i), pointer + "/" + i, diagnostics);
        } else if (node.isTextual()) {
            check(doc, node.asText(), pointer, false, diagnostics);
        }
    }

    private static void check(YamlDocument doc, String value, String pointer, boolean key, Diagnostics diagnostics) {
        SourceLocation at = key ? doc.keyLocation(pointer) : doc.valueLocation(pointer);
        String path = doc.yamlPath(pointer);
        String problem = problem(value, pointer, key);
        if (problem == null || diagnostics.hasErrorAt(at)) return;
        diagnostics.add(Diagnostic.error(at, path, problem));
    }

    /** What is wrong with one string, or null; pure, for tests. */
    static String problem(String value, String pointer, boolean key) {
        boolean hasReference = dev.factory.secrets.SecretRef.isReference(value);
        if (hasReference && (key || EXPANDED.stream().noneMatch(p -> p.matcher(pointer).matches()))) {
            return "a secret reference here is used as written, never expanded: only profile env, MCP env and headers, the drift"
                    + " webhook, schedule.http.webhookSecret and notify URLs expand ${secret:...} and ${env:...}; pass the secret through one of those";
        }
        String literal = dev.factory.secrets.SecretRef.withoutReferences(value);
        if (USERINFO_PASSWORD.matcher(literal).find()) {
            return "a password in a URL's userinfo (scheme://user:PASSWORD@host) is a credential in the config; " + HINT;
        }
        return SecretScanner.looksLikeSecret(literal).map(kind -> "this looks like " + kind + " written into the config; " + HINT).orElse(null);
    }
}
