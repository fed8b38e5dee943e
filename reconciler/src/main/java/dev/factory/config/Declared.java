package dev.factory.config;

import com.fasterxml.jackson.databind.JsonNode;

/** One declared resource as written: its spec node and where it came from, for located diagnostics. */
public record Declared(String kind, String name, JsonNode spec, YamlDocument doc, String pointer) {

    public SourceLocation at() {
        return doc.keyLocation(pointer);
    }

    public SourceLocation at(String field) {
        return doc.valueLocation(YamlDocument.pointer(pointer, field));
    }

    public String path(String field) {
        return doc.yamlPath(YamlDocument.pointer(pointer, field));
    }

    public String path() {
        return doc.yamlPath(pointer);
    }

    public String text(String field) {
        JsonNode v = spec.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
