package dev.factory.plan;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.factory.config.Diagnostic;
import dev.factory.config.SourceLocation;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The plan's JSON form, laid out by {@code schema/plan.schema.json}; written by {@code plan --json/--out}, read by {@code apply FILE}. */
public final class PlanJson {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private PlanJson() {}

    public static String write(Plan plan) {
        return pretty(toTree(plan));
    }

    public static ObjectNode toTree(Plan plan) {
        ObjectNode root = JSON.createObjectNode();
        root.put("formatVersion", plan.formatVersion());
        root.put("createdAt", plan.createdAt().toString());
        root.put("configDir", plan.configDir());
        root.put("configRevision", plan.configRevision());
        root.put("configSubject", plan.configSubject());
        ObjectNode summary = root.putObject("summary");
        plan.summary().forEach((action, n) -> summary.put(action.word(), n));
        ArrayNode changes = root.putArray("changes");
        for (Change c : plan.changes()) {
            ObjectNode n = changes.addObject();
            n.put("address", c.address().toString());
            n.put("kind", c.address().kind());
            n.put("name", c.address().name());
            n.put("action", c.action().word());
            n.put("reason", c.reason());
            n.set("before", JSON.valueToTree(c.before() == null ? null : new TreeMap<>(c.before())));
            n.set("after", JSON.valueToTree(c.after() == null ? null : new TreeMap<>(c.after())));
            ArrayNode deps = n.putArray("dependsOn");
            c.dependsOn().forEach(d -> deps.add(d.toString()));
        }
        root.set("diagnostics", diagnostics(plan.diagnostics()));
        root.set("observed", JSON.valueToTree(new TreeMap<>(plan.observed())));
        ArrayNode foreign = root.putArray("foreign");
        for (Foreign f : plan.foreign()) {
            foreign.addObject().put("address", f.address().toString()).put("id", f.id()).put("lineage", f.lineage()).put("owner", f.owner());
        }
        if (plan.targeting().partial()) {
            ObjectNode targeting = root.putObject("targeting");
            plan.targeting().targets().forEach(targeting.putArray("targets")::add);
            plan.targeting().excludes().forEach(targeting.putArray("excludes")::add);
        }
        return root;
    }

    /** Diagnostics as the plan's JSON lays them out: severity, summary, detail, location, path. */
    public static ArrayNode diagnostics(List<Diagnostic> all) {
        ArrayNode diagnostics = JSON.createArrayNode();
        for (Diagnostic d : all) {
            ObjectNode n = diagnostics.addObject();
            n.put("severity", d.severity().name().toLowerCase());
            n.put("summary", d.summary());
            n.put("detail", d.detail());
            if (d.location() != null) {
                n.putObject("location").put("file", d.location().file().toString())
                        .put("line", d.location().line()).put("column", d.location().column());
            } else {
                n.putNull("location");
            }
            n.put("path", d.yamlPath());
        }
        return diagnostics;
    }

    /** Any tree, indented as the plan is. */
    public static String pretty(com.fasterxml.jackson.databind.JsonNode tree) {
        try {
            return JSON.writeValueAsString(tree) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Plan read(Path file) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + " is not a saved plan (" + e.getMessage() + ")", e);
        }
        return parse(root, file.toString());
    }

    /** A plan from its JSON form ({@link #write}); {@code source} names where it came from in errors. */
    public static Plan parse(JsonNode root, String source) throws IOException {
        int version = root.path("formatVersion").asInt(-1);
        if (version != Plan.FORMAT_VERSION) {
            throw new IOException(source + ": plan format version " + version + " is not " + Plan.FORMAT_VERSION
                    + "; make the plan again with this factory");
        }
        var changes = new ArrayList<Change>();
        for (JsonNode n : root.path("changes")) {
            var deps = new ArrayList<Address>();
            n.path("dependsOn").forEach(d -> deps.add(Address.parse(d.asText())));
            changes.add(new Change(Address.parse(n.path("address").asText()), Action.fromWord(n.path("action").asText()),
                    n.path("reason").asText(null), map(n.get("before")), map(n.get("after")), deps));
        }
        var diagnostics = new ArrayList<Diagnostic>();
        for (JsonNode n : root.path("diagnostics")) {
            JsonNode at = n.get("location");
            SourceLocation location = at == null || at.isNull() ? null
                    : new SourceLocation(Path.of(at.path("file").asText()), at.path("line").asInt(), at.path("column").asInt());
            diagnostics.add(new Diagnostic(Diagnostic.Severity.valueOf(n.path("severity").asText().toUpperCase()),
                    n.path("summary").asText(), n.path("detail").asText(null), location, n.path("path").asText(null)));
        }
        Map<String, String> observed = new TreeMap<>();
        root.path("observed").fields().forEachRemaining(e -> observed.put(e.getKey(), e.getValue().asText()));
        var foreign = new ArrayList<Foreign>();
        for (JsonNode n : root.path("foreign")) {
            foreign.add(new Foreign(Address.parse(n.path("address").asText()), n.path("id").asText(), n.path("lineage").asText(null), n.path("owner").asText(null)));
        }
        var targets = new ArrayList<String>();
        var excludes = new ArrayList<String>();
        root.path("targeting").path("targets").forEach(t -> targets.add(t.asText()));
        root.path("targeting").path("excludes").forEach(x -> excludes.add(x.asText()));
        return new Plan(version, root.path("configDir").asText(), root.path("configRevision").asText(null),
                root.path("configSubject").asText(null), dev.factory.runtime.Instants.parse(root.path("createdAt").asText()),
                changes, diagnostics, observed, foreign, new Targeting(targets, excludes));
    }

    private static Map<String, Object> map(JsonNode node) {
        return node == null || node.isNull() ? null : JSON.convertValue(node, MAP);
    }

}
