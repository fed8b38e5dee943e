package dev.factory.kinds.image;

import dev.factory.config.Declared;
import dev.factory.config.Diagnostic;
import dev.factory.config.Diagnostics;
import dev.factory.config.SecretScanner;
import dev.factory.config.SourceLocation;
import dev.factory.config.Suggestions;
import dev.factory.config.YamlDocument;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Semantic checks on {@code images:} that a schema cannot express: files exist, references resolve, no cycles, no secrets. */
public final class ImageRules {
    /** A reference with a tag or digest: {@code ubuntu:24.04}, {@code ghcr.io/x/y@sha256:...}. */

    private ImageRules() {}

    /** An external image reference with a tag or digest, e.g. {@code ubuntu:24.04}. */
    /** Builds the specs, reporting every problem found; the returned map holds only usable specs. */
    public static Map<String, ImageSpec> read(List<Declared> declared, dev.factory.config.SectionContext ctx) {
        Path configDir = ctx.configDir();
        var tree = ctx.tree();
        var diagnostics = ctx.diagnostics();
        if (!declared.isEmpty()) checkCaCertificates(ctx);
        var specs = new LinkedHashMap<String, ImageSpec>();
        var byName = new LinkedHashMap<String, Declared>();
        for (Declared d : declared) {
            specs.put(d.name(), ImageSpec.from(d, configDir, ctx.host()));
            byName.put(d.name(), d);
        }
        for (Declared d : declared) {
            // a pull request's config is data: nothing outside its tree is read, not even to check it
            var outside = tree.outside(specs.get(d.name()).context()).map(why -> Map.entry("context", why))
                    .or(() -> tree.outside(specs.get(d.name()).dockerfile()).map(why -> Map.entry(d.text("dockerfile") != null ? "dockerfile" : "context", why)));
            if (outside.isPresent()) {
                diagnostics.add(Diagnostic.error(d.at(outside.get().getKey()), d.path(outside.get().getKey()), outside.get().getValue()));
                continue;
            }
            check(specs.get(d.name()), d, specs, diagnostics);
        }
        checkCycles(specs, byName, diagnostics);
        return specs;
    }

    /** host.build.caCertificates: each a readable PEM file, or no image can be built. */
    private static void checkCaCertificates(dev.factory.config.SectionContext ctx) {
        var host = ctx.host();
        for (int i = 0; i < host.buildCaCertificates().size(); i++) {
            Path file = dev.factory.config.HostPaths.resolve(host.buildCaCertificates().get(i), host, ctx.configDir());
            String problem = null;
            try {
                if (!Files.isRegularFile(file) || !Files.isReadable(file)) problem = "is not a readable file";
                else if (!Files.readString(file).contains("-----BEGIN CERTIFICATE-----")) problem = "holds no PEM certificate";
            } catch (IOException | RuntimeException e) {
                problem = "cannot be read (" + e.getMessage() + ")";
            }
            if (problem == null) continue;
            Declared h = ctx.hostDeclared();
            String pointer = "/build/caCertificates/" + i;
            ctx.diagnostics().add(Diagnostic.error(h == null ? null : h.doc().valueLocation(h.pointer() + pointer), "host.build.caCertificates[" + i + "]",
                    "CA certificate " + file + " " + problem + "; give the path of a PEM file on this host, or remove the entry"));
        }
    }

    private static void check(ImageSpec spec, Declared d, Map<String, ImageSpec> all, Diagnostics diagnostics) {
        if (!Files.isDirectory(spec.context())) {
            diagnostics.add(Diagnostic.error(d.at("context"), d.path("context"),
                    "build context " + spec.context() + " is not a directory; create it or fix the path (relative to the config directory)"));
        } else if (Files.exists(spec.context().resolve(BuildContext.RESERVED), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            diagnostics.add(Diagnostic.error(d.at("context"), d.path("context"), "build context " + spec.context() + " holds "
                    + BuildContext.RESERVED + ", which factory writes into every build (the build's CA files); rename it"));
        }
        String dockerfileField = d.text("dockerfile") != null ? "dockerfile" : "context";
        if (!Files.isRegularFile(spec.dockerfile())) {
            diagnostics.add(Diagnostic.error(d.at(dockerfileField), d.path(dockerfileField),
                    "Dockerfile " + spec.dockerfile() + " not found"));
        } else {
            checkDockerfile(spec, d, dockerfileField, diagnostics);
        }
        checkFrom(spec, d, all, diagnostics);
        checkBaked(d, "args", "build arg", diagnostics);
        checkBaked(d, "labels", "label", diagnostics);
        if (spec.args().containsKey("BASE_IMAGE")) {
            diagnostics.add(Diagnostic.error(d.doc().keyLocation(d.pointer() + "/args/BASE_IMAGE"), d.path("args") + ".BASE_IMAGE",
                    "build arg BASE_IMAGE is set by factory from 'from'; remove it from args"));
        }
        for (String label : spec.labels().keySet()) {
            if (label.startsWith("dev.factory.")) {
                diagnostics.add(Diagnostic.error(d.doc().keyLocation(YamlDocument.pointer(d.pointer() + "/labels", label)), d.path("labels") + "." + label,
                        "labels under dev.factory. are reserved for ownership; choose another key"));
            }
        }
    }

    private static void checkDockerfile(ImageSpec spec, Declared d, String field, Diagnostics diagnostics) {
        String text;
        try {
            text = Files.readString(spec.dockerfile());
        } catch (IOException e) {
            diagnostics.add(Diagnostic.error(d.at(field), d.path(field), "cannot read Dockerfile " + spec.dockerfile() + ": " + e.getMessage()));
            return;
        }
        var problem = Dockerfiles.baseImageProblem(text);
        if (problem != null) {
            diagnostics.add(Diagnostic.error(new SourceLocation(spec.dockerfile(), problem.line(), 1), d.path(field),
                    "image/" + spec.name() + ": the Dockerfile must build on the parent factory passes: "
                            + "declare 'ARG BASE_IMAGE' before the first FROM and use 'FROM ${BASE_IMAGE}'"));
        }
    }

    private static void checkFrom(ImageSpec spec, Declared d, Map<String, ImageSpec> all, Diagnostics diagnostics) {
        String from = spec.from();
        if (all.containsKey(from) || from.equals(ImageSpec.SCRATCH)) return;
        boolean bareName = !from.contains(":") && !from.contains("@");
        if (bareName || !ImageSpec.EXTERNAL_REF.matcher(from).matches()) {
            String hint = Suggestions.closest(from, all.keySet()).map(s -> " (did you mean '" + s + "'?)").orElse("");
            String what = bareName
                    ? "image '" + from + "' is not declared in images" + hint
                            + "; an external base needs a tag or digest, e.g. ubuntu:24.04"
                    : "'" + from + "' is not a valid image reference (lowercase name, then :tag or @sha256:digest)";
            diagnostics.add(Diagnostic.error(d.at("from"), d.path("from"), what));
        }
    }

    private static void checkBaked(Declared d, String field, String what, Diagnostics diagnostics) {
        var node = d.spec().get(field);
        if (node == null) return;
        node.fields().forEachRemaining(e -> {
            String value = e.getValue().asText();
            String key = e.getKey();
            var at = d.doc().valueLocation(d.pointer() + "/" + field + "/" + key.replace("~", "~0").replace("/", "~1"));
            String path = d.path(field) + "." + key;
            if (SecretScanner.isSecretReference(value)) {
                diagnostics.add(Diagnostic.error(at, path, what + " " + key + " references a secret; " + what
                        + "s are baked into the image and may not hold secrets: pass it at run time through a profile's env"));
            } else {
                SecretScanner.looksLikeSecret(value).ifPresent(kind -> diagnostics.add(Diagnostic.error(at, path,
                        what + " " + key + " looks like " + kind + "; " + what
                                + "s are baked into the image: remove it and rotate the credential if it was real")));
            }
        });
    }

    private static void checkCycles(Map<String, ImageSpec> specs, Map<String, Declared> byName, Diagnostics diagnostics) {
        Set<String> reported = new HashSet<>();
        for (String start : specs.keySet()) {
            List<String> chain = new ArrayList<>();
            String current = start;
            while (current != null && specs.containsKey(current) && !chain.contains(current)) {
                chain.add(current);
                current = specs.get(current).parent(specs);
            }
            if (current != null && chain.contains(current) && current.equals(start) && reported.add(cycleKey(chain))) {
                chain.add(start);
                Declared d = byName.get(start);
                diagnostics.add(Diagnostic.error(d.at("from"), d.path("from"),
                        "images form a cycle: " + String.join(" -> ", chain) + "; one of them must build from an external base"));
            }
        }
    }

    private static String cycleKey(List<String> chain) {
        return chain.stream().sorted().reduce("", (a, b) -> a + "," + b);
    }
}
