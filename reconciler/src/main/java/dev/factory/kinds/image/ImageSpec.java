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
                        Map<String, String> args, Map<String, String> labels, SourceLocation at, Build build) {

    /**
     * How the build runs on this host: the network of its RUN steps (null: the engine's default)
     * and the extra CA files it trusts (host.build), kept in the final image only when {@code keepCa}.
     */
    public record Build(String network, java.util.List<Path> caCertificates, boolean keepCa) {
        public static final Build DEFAULT = new Build(null, java.util.List.of(), false);

        public Build {
            caCertificates = java.util.List.copyOf(caCertificates);
        }
    }

    public ImageSpec(String name, Path context, Path dockerfile, String from, Map<String, String> args, Map<String, String> labels,
                     SourceLocation at) {
        this(name, context, dockerfile, from, args, labels, at, Build.DEFAULT);
    }

    public static final String SCRATCH = "scratch";
    /** An image reference outside the config: {@code name:tag} or {@code name@digest}, with an optional registry. */
    static final java.util.regex.Pattern EXTERNAL_REF = java.util.regex.Pattern.compile(
            "^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(/[a-z0-9]+([._-][a-z0-9]+)*)*(:[\\w][\\w.-]{0,127})?(@sha256:[0-9a-f]{64})?$");

    /** True when {@code ref} names an image outside the config (with a tag or digest), which factory never pulls. */
    public static boolean isExternalReference(String ref) {
        return (ref.contains(":") || ref.contains("@")) && EXTERNAL_REF.matcher(ref).matches();
    }

    static ImageSpec from(Declared d, Path configDir, dev.factory.config.HostSpec host) {
        Path context = configDir.resolve(d.text("context")).normalize();
        String dockerfile = d.text("dockerfile");
        String network = d.text("network") != null ? d.text("network") : host.buildNetwork();
        var cas = host.buildCaCertificates().stream().map(p -> dev.factory.config.HostPaths.resolve(p, host, configDir)).toList();
        return new ImageSpec(d.name(), context,
                dockerfile == null ? context.resolve("Dockerfile") : configDir.resolve(dockerfile).normalize(),
                d.text("from"), strings(d.spec().get("args")), strings(d.spec().get("labels")), d.at(),
                new Build("default".equals(network) ? null : network, cas, host.keepBuildCaCertificates()));
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
