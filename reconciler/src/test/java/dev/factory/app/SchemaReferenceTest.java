package dev.factory.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.factory.config.SchemaValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/reference.md} is generated from the composed schema: one table per top-level key
 * (each kind's section), every property with its type, default and description. After a schema
 * change: {@code mvn test -Dtest=SchemaReferenceTest -Dgolden.update=true}.
 */
class SchemaReferenceTest {
    private static final Path REFERENCE = Path.of("..", "docs", "reference.md");

    @Test
    void theReferenceIsTheSchema() throws Exception {
        String generated = reference(SchemaValidator.composed(Registry.sections()));
        if (Boolean.getBoolean("golden.update")) Files.writeString(REFERENCE, generated);
        assertEquals(Files.readString(REFERENCE), generated, "docs/reference.md differs from the schema; regenerate it (see this test's comment)");
    }

    @Test
    void everyTopLevelKeyHasItsTable() throws Exception {
        String doc = reference(SchemaValidator.composed(Registry.sections()));
        for (String key : List.of("host", "images", "profiles", "services", "volumes", "networks", "repos", "mcp", "files", "prune", "runners", "schedule", "jobs")) {
            assertTrue(doc.contains("\n## `" + key + "`\n"), key);
        }
        assertTrue(doc.contains("| `host.disk.alertAtPercent` | integer | `85` |"), doc);
    }

    static String reference(JsonNode schema) {
        var out = new StringBuilder("# Config reference (generated)\n\n"
                + "Generated from `schema/factory.schema.json` by SchemaReferenceTest; do not edit by hand. Narrative, examples and\n"
                + "the rules the schema cannot say are in [configuration.md](configuration.md).\n"
                + "`NAME` stands for a name you choose; `[]` for an element of a list.\n");
        var defs = schema.path("$defs");
        schema.path("properties").fields().forEachRemaining(top -> {
            out.append("\n## `").append(top.getKey()).append("`\n\n").append(oneLine(describe(top.getValue(), defs))).append("\n\n")
                    .append("| key | type | default | description |\n|---|---|---|---|\n");
            var rows = new ArrayList<String>();
            rows(resolve(top.getValue(), defs), top.getKey(), defs, rows, 0);
            rows.forEach(out::append);
        });
        return out.toString();
    }

    private static void rows(JsonNode node, String path, JsonNode defs, List<String> rows, int depth) {
        if (depth > 8) return;
        node = resolve(node, defs);
        if (node.has("properties")) {
            var props = node.get("properties");
            props.fieldNames().forEachRemaining(name -> {
                JsonNode p = props.get(name);
                JsonNode r = resolve(p, defs);
                String key = path + "." + name;
                rows.add("| `" + key + "` | " + type(r) + " | " + (p.has("default") ? "`" + p.get("default") .toString().replace("\"", "") + "`"
                        : r.has("default") ? "`" + r.get("default").toString().replace("\"", "") + "`" : "") + " | "
                        + oneLine(describe(p, defs)).replace("|", "\\|") + " |\n");
                rows(r, key, defs, rows, depth + 1);
            });
        }
        if (node.path("additionalProperties").isObject()) rows(node.get("additionalProperties"), path + ".NAME", defs, rows, depth + 1);
        if (node.path("items").isObject()) rows(node.get("items"), path + "[]", defs, rows, depth + 1);
    }

    private static JsonNode resolve(JsonNode node, JsonNode defs) {
        for (int i = 0; i < 4 && node.has("$ref") && node.get("$ref").asText().startsWith("#/$defs/"); i++) {
            JsonNode target = defs.path(node.get("$ref").asText().substring("#/$defs/".length()));
            if (target.isMissingNode()) break;
            node = target;
        }
        return node;
    }

    private static String describe(JsonNode node, JsonNode defs) {
        if (node.has("description")) return node.get("description").asText();
        return resolve(node, defs).path("description").asText("");
    }

    private static String type(JsonNode node) {
        if (node.has("enum")) {
            var values = new ArrayList<String>();
            node.get("enum").forEach(v -> values.add(v.asText()));
            return String.join(" \\| ", values);
        }
        JsonNode t = node.get("type");
        if (t == null) return node.has("oneOf") || node.has("anyOf") ? "see description" : "";
        if (t.isArray()) {
            var types = new ArrayList<String>();
            t.forEach(x -> types.add(x.asText()));
            return String.join(" or ", types);
        }
        String s = t.asText();
        if (s.equals("object") && node.path("additionalProperties").isObject()) return "map";
        if (s.equals("array") && node.path("items").has("type")) return "list of " + node.path("items").path("type").asText();
        return s;
    }

    private static String oneLine(String text) {
        return text.replace("\n", " ").strip();
    }
}
