package dev.factory.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Validates one document against a JSON Schema and turns findings into located diagnostics. The
 * config's schema is composed: {@code base.schema.json} here (the document, {@code host:} and the
 * shared types) and each section's fragment beside its class; {@code schema/factory.schema.json}
 * is that composition, published for editors (a test keeps the two equal).
 */
public final class SchemaValidator {
    public static final String RESOURCE = "/schema/factory.schema.json";

    private final JsonNode schemaNode;
    private final JsonSchema schema;

    private SchemaValidator(JsonNode schemaNode) {
        this.schemaNode = schemaNode;
        var config = SchemaValidatorsConfig.builder().pathType(PathType.JSON_POINTER).build();
        this.schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schemaNode, config);
    }

    public static SchemaValidator load() {
        return load(RESOURCE);
    }

    public static SchemaValidator load(String resource) {
        long t = System.nanoTime();
        try {
            return loadNow(resource);
        } finally {
            dev.factory.runtime.Timing.mark("schema: load " + resource.substring(resource.lastIndexOf('/') + 1), t);
        }
    }

    private static SchemaValidator loadNow(String resource) {
        try (InputStream in = SchemaValidator.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException(resource + " is missing from the classpath");
            return new SchemaValidator(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The config schema for these sections: the base, then each section's properties and $defs, in the order given. */
    public static SchemaValidator compose(List<? extends Section<?>> sections) {
        long t = System.nanoTime();
        try {
            return new SchemaValidator(composed(sections));
        } finally {
            dev.factory.runtime.Timing.mark("schema: compose", t);
        }
    }

    /** The composed config schema as a JSON document. */
    public static ObjectNode composed(List<? extends Section<?>> sections) {
        ObjectNode root = (ObjectNode) read(SchemaValidator.class, "base.schema.json");
        ObjectNode properties = (ObjectNode) root.get("properties");
        ObjectNode defs = (ObjectNode) root.get("$defs");
        for (Section<?> section : sections) {
            JsonNode fragment = read(section.getClass(), section.getClass().getSimpleName() + ".schema.json");
            fragment.path("properties").fields().forEachRemaining(e -> put(properties, e.getKey(), e.getValue(), section));
            fragment.path("$defs").fields().forEachRemaining(e -> put(defs, e.getKey(), e.getValue(), section));
            for (String key : section.keys()) {
                if (!properties.has(key)) throw new IllegalStateException(section + " reads '" + key + "' but its schema fragment does not declare it");
            }
        }
        return root;
    }

    /**
     * The digest of the text the composed schema is made from (the base and each section's
     * fragment, in order): what a remembered verdict is valid for. The build's {@link #PRECOMPUTED}
     * digest when it is for these sections, else {@link #computeSourceDigest}; no JSON is parsed and
     * no validator is built either way.
     */
    public static String sourceDigest(List<? extends Section<?>> sections) {
        String known = precomputed(sectionNames(sections));
        return known != null ? known : computeSourceDigest(sections);
    }

    /**
     * Where the build leaves {@link #computeSourceDigest} of the shipped sections
     * ({@code dev.factory.app.SchemaSourceDigest}, at process-classes): a line of the sections'
     * class names, a tab and the digest. On a cold JVM, reading ~60 KB of resources and hashing them
     * in the interpreter took ~45 ms of every config load, before the load could start.
     */
    public static final String PRECOMPUTED = "schema-source.sha256";

    /** The sections' class names, in order: what a precomputed digest is for. */
    public static String sectionNames(List<? extends Section<?>> sections) {
        return sections.stream().map(s -> s.getClass().getName()).collect(java.util.stream.Collectors.joining(","));
    }

    /** The digest the build computed for exactly {@code names}; null when there is none (a build without that step, other sections). */
    static String precomputed(String names) {
        try (InputStream in = SchemaValidator.class.getResourceAsStream(PRECOMPUTED)) {
            if (in == null) return null;
            String line = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
            int tab = line.indexOf('\t');
            return tab > 0 && line.substring(0, tab).equals(names) && line.length() - tab - 1 == 64 ? line.substring(tab + 1) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** {@link #sourceDigest}, from the resources themselves. */
    public static String computeSourceDigest(List<? extends Section<?>> sections) {
        var md = dev.factory.runtime.Sha256.digest();
        bytes(SchemaValidator.class, "base.schema.json", md);
        for (Section<?> section : sections) bytes(section.getClass(), section.getClass().getSimpleName() + ".schema.json", md);
        return java.util.HexFormat.of().formatHex(md.digest());
    }

    private static void bytes(Class<?> beside, String name, java.security.MessageDigest md) {
        try (InputStream in = beside.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException(name + " is missing beside " + beside.getName());
            byte[] b = in.readAllBytes();
            md.update((name + ":" + b.length + ":").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            md.update(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void put(ObjectNode into, String key, JsonNode value, Section<?> section) {
        if (into.has(key)) throw new IllegalStateException(section + "'s schema fragment declares '" + key + "' a second time");
        into.set(key, value);
    }

    private static JsonNode read(Class<?> beside, String name) {
        try (InputStream in = beside.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException(name + " is missing beside " + beside.getName());
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void validate(YamlDocument doc, Diagnostics diagnostics) {
        List<ValidationMessage> messages = new ArrayList<>(schema.validate(doc.root()));
        messages.sort(Comparator.comparing(m -> m.getInstanceLocation().toString()));
        for (ValidationMessage m : messages) {
            diagnostics.add(toDiagnostic(doc, m));
        }
    }

    private Diagnostic toDiagnostic(YamlDocument doc, ValidationMessage m) {
        String pointer = m.getInstanceLocation().toString();
        if ("additionalProperties".equals(m.getType()) && m.getProperty() != null) {
            String key = m.getProperty();
            String child = YamlDocument.pointer(pointer, key);
            List<String> allowed = allowedKeys(m.getSchemaLocation().getFragment());
            String what = pointer.isEmpty() ? "unknown kind '" + key + "'" : "unknown key '" + key + "'";
            String hint = Suggestions.didYouMean(key, allowed);
            if (hint.isEmpty() && !allowed.isEmpty()) hint = "; allowed: " + String.join(", ", allowed);
            return Diagnostic.error(doc.keyLocation(child), doc.yamlPath(child), what + hint);
        }
        if ("propertyNames".equals(m.getType()) || "pattern".equals(m.getType()) && isKeyPattern(m)) {
            String key = m.getProperty() != null ? m.getProperty() : lastSegment(pointer);
            String child = m.getProperty() != null ? YamlDocument.pointer(pointer, key) : pointer;
            return Diagnostic.error(doc.keyLocation(child), doc.yamlPath(child),
                    "invalid name '" + key + "': use lowercase letters, digits and '-' (a Docker repository name)");
        }
        if ("required".equals(m.getType()) && m.getProperty() != null) {
            String where = pointer.isEmpty() ? "the document" : doc.yamlPath(pointer);
            return Diagnostic.error(doc.keyLocation(pointer), doc.yamlPath(pointer),
                    "missing required key '" + m.getProperty() + "' in " + where);
        }
        if ("oneOf".equals(m.getType())) {
            var choices = new ArrayList<String>();
            JsonNode alternatives = m.getSchemaNode();
            if (alternatives != null && alternatives.isArray()) {
                for (JsonNode alt : alternatives) {
                    if (alt.path("required").size() == 1) choices.add(alt.path("required").get(0).asText());
                }
            }
            if (!choices.isEmpty() && choices.size() == (alternatives == null ? 0 : alternatives.size())) {
                return Diagnostic.error(doc.keyLocation(pointer), doc.yamlPath(pointer), "set exactly one of: " + String.join(", ", choices));
            }
        }
        String message = m.getMessage();
        String prefix = pointer + ": ";
        if (message.startsWith(prefix)) message = message.substring(prefix.length());
        if (pointer.isEmpty() && message.startsWith(": ")) message = message.substring(2);
        return Diagnostic.error(doc.valueLocation(pointer), doc.yamlPath(pointer), message);
    }

    private static boolean isKeyPattern(ValidationMessage m) {
        return m.getEvaluationPath().toString().contains("propertyNames");
    }

    private static String lastSegment(String pointer) {
        return pointer.substring(pointer.lastIndexOf('/') + 1);
    }

    /** The {@code properties} beside the failing {@code additionalProperties} keyword, for "did you mean". */
    private List<String> allowedKeys(JsonNodePath fragment) {
        JsonNode node = schemaNode;
        for (int i = 0; i < fragment.getNameCount() - 1 && node != null; i++) {
            Object element = fragment.getElement(i);
            node = element instanceof Integer index ? node.get(index) : node.get(element.toString());
        }
        var out = new ArrayList<String>();
        if (node != null && node.has("properties")) node.get("properties").fieldNames().forEachRemaining(out::add);
        return out;
    }
}
