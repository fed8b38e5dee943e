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

    /** One credential-shaped string of a document: where, its YAML path, and what is wrong. */
    record Finding(SourceLocation at, String path, String problem) {}

    static void scan(List<YamlDocument> documents, Diagnostics diagnostics) {
        scan(documents, diagnostics, CredentialScan::findings);
    }

    /** As above, with each document's findings from {@code findings} (a process that keeps documents keeps these beside them). */
    static void scan(List<YamlDocument> documents, Diagnostics diagnostics, java.util.function.Function<YamlDocument, List<Finding>> findings) {
        for (YamlDocument doc : documents) {
            for (Finding f : findings.apply(doc)) {
                if (!diagnostics.hasErrorAt(f.at())) diagnostics.add(Diagnostic.error(f.at(), f.path(), f.problem()));
            }
        }
    }

    /** Every credential-shaped string of {@code doc}, keys too, in document order; pure. */
    static List<Finding> findings(YamlDocument doc) {
        var out = new java.util.ArrayList<Finding>();
        walk(doc, doc.root(), "", out);
        return List.copyOf(out);
    }

    private static void walk(YamlDocument doc, JsonNode node, String pointer, List<Finding> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                String child = YamlDocument.pointer(pointer, e.getKey());
                check(doc, e.getKey(), child, true, out);
                walk(doc, e.getValue(), child, out);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) walk(doc, node.get(i), pointer + "/" + i, out);
        } else if (node.isTextual()) {
            check(doc, node.asText(), pointer, false, out);
        }
    }

    private static void check(YamlDocument doc, String value, String pointer, boolean key, List<Finding> out) {
        String problem = problem(value, pointer, key);
        if (problem == null) return;   // the common case: nothing located, nothing named
        out.add(new Finding(key ? doc.keyLocation(pointer) : doc.valueLocation(pointer), doc.yamlPath(pointer), problem));
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
