package dev.factory.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;

/**
 * One config file as a JSON tree (for the schema validator and the model) plus the source position
 * of every key and value, keyed by JSON pointer, so any finding can cite {@code file:line:col}.
 */
public record YamlDocument(Path file, JsonNode root, Map<String, SourceLocation> valueAt, Map<String, SourceLocation> keyAt) {

    /** The position of the value at {@code pointer}, or of its nearest located ancestor. */
    public SourceLocation valueLocation(String pointer) {
        return nearest(valueAt, pointer);
    }

    /** The position of the key naming {@code pointer}; falls back to its value. */
    public SourceLocation keyLocation(String pointer) {
        var at = keyAt.get(pointer);
        return at != null ? at : valueLocation(pointer);
    }

    private SourceLocation nearest(Map<String, SourceLocation> where, String pointer) {
        String p = pointer;
        while (true) {
            var at = where.get(p);
            if (at != null) return at;
            if (p.isEmpty()) return SourceLocation.of(file);
            p = p.substring(0, p.lastIndexOf('/'));
        }
    }

    /** {@code /images/base/mounts/0} as the YAML path people read: {@code images.base.mounts[0]}. */
    public String yamlPath(String pointer) {
        if (pointer.isEmpty()) return "";
        var sb = new StringBuilder();
        JsonNode node = root;
        for (String raw : pointer.substring(1).split("/", -1)) {
            String seg = raw.replace("~1", "/").replace("~0", "~");
            if (node != null && node.isArray()) {
                sb.append('[').append(seg).append(']');
                node = node.path(Integer.parseInt(seg));
            } else {
                if (sb.length() > 0) sb.append('.');
                sb.append(seg);
                node = node == null ? null : node.get(seg);
            }
        }
        return sb.toString();
    }

    public static String pointer(String parent, String key) {
        return parent + "/" + key.replace("~", "~0").replace("/", "~1");
    }
}
