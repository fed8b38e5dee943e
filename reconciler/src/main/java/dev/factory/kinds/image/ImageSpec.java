package dev.factory.kinds.image;

import com.fasterxml.jackson.databind.JsonNode;
import dev.factory.config.Declared;
import dev.factory.config.SourceLocation;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * A declared image. {@code from} is either the name of another declared image or an external
 * reference; {@link #parent(Map)} tells which.
 */
@dev.factory.engine.KindApi
public record ImageSpec(String name, Path context, Path dockerfile, String from,
                        Map<String, String> args, Map<String, String> labels, SourceLocation at) {

    public static final String SCRATCH = "scratch";
    /** An image reference outside the config: {@code name:tag} or {@code name@digest}, with an optional registry. */
    static final java.util.regex.Pattern EXTERNAL_REF = java.util.regex.Pattern.compile(
            "^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(/[a-z0-9]+([._-][a-z0-9]+)*)*(:[\\w][\\w.-]{0,127})?(@sha256:[0-9a-f]{64})?$");

    /** True when {@code ref} names an image outside the config (with a tag or digest), which factory never pulls. */
    public static boolean isExternalReference(String ref) {
        return (ref.contains(":") || ref.contains("@")) && EXTERNAL_REF.matcher(ref).matches();
    }

    static ImageSpec from(Declared d, Path configDir) {
        Path context = configDir.resolve(d.text("context")).normalize();
        String dockerfile = d.text("dockerfile");
        return new ImageSpec(d.name(), context,
                dockerfile == null ? context.resolve("Dockerfile") : configDir.resolve(dockerfile).normalize(),
                d.text("from"), strings(d.spec().get("args")), strings(d.spec().get("labels")), d.at());
    }

    /** The declared parent's name, or null when {@code from} is external. */
    public String parent(Map<String, ImageSpec> declared) {
        return declared.containsKey(from) ? from : null;
    }

    static Map<String, String> strings(JsonNode node) {
        var out = new TreeMap<String, String>();
        if (node != null) node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }
}
