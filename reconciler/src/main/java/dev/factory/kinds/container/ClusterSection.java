package dev.factory.kinds.container;

import dev.factory.config.Declared;
import dev.factory.config.Diagnostic;
import dev.factory.config.Section;
import dev.factory.config.SectionContext;
import dev.factory.config.Suggestions;
import dev.factory.config.YamlDocument;
import dev.factory.kinds.repo.RepoSection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** {@code cluster:} and {@code nodes:} (see {@link ClusterSpec}). */
@dev.factory.engine.KindApi
public final class ClusterSection implements Section<ClusterSpec> {
    public static final ClusterSection SECTION = new ClusterSection();

    private ClusterSection() {}

    @Override
    public List<String> keys() {
        return List.of("cluster", "nodes");
    }

    @Override
    public Set<String> singletons() {
        return Set.of("cluster");
    }

    @Override
    public List<Section<?>> after() {
        return List.of(RepoSection.SECTION);
    }

    @Override
    public ClusterSpec read(Map<String, List<Declared>> declared, SectionContext ctx) {
        var cluster = declared.getOrDefault("cluster", List.of());
        var nodes = new TreeMap<String, ClusterSpec.NodeSpec>();
        var repos = ctx.get(RepoSection.SECTION).keySet();
        var addresses = new LinkedHashMap<String, String>();
        for (Declared d : declared.getOrDefault("nodes", List.of())) {
            var labels = new TreeMap<String, String>();
            d.spec().path("labels").fields().forEachRemaining(e -> {
                labels.put(e.getKey(), e.getValue().asText());
                if (e.getKey().startsWith("dev.factory.")) {
                    ctx.diagnostics().add(Diagnostic.error(d.doc().valueLocation(YamlDocument.pointer(d.pointer() + "/labels", e.getKey())),
                            d.path("labels") + "." + e.getKey(), "labels under dev.factory. are factory's own; pick another key"));
                }
            });
            var nodeRepos = new ArrayList<String>();
            var list = d.spec().path("repos");
            for (int i = 0; i < list.size(); i++) {
                String repo = list.get(i).asText();
                nodeRepos.add(repo);
                if (!repos.contains(repo)) {
                    ctx.diagnostics().add(Diagnostic.error(d.doc().valueLocation(d.pointer() + "/repos/" + i), d.path("repos") + "[" + i + "]",
                            "repo '" + repo + "' is not declared in repos" + Suggestions.didYouMean(repo, repos)));
                }
            }
            String address = d.text("address");
            if (address != null) {
                String other = addresses.putIfAbsent(address, d.name());
                if (other != null) {
                    ctx.diagnostics().add(Diagnostic.error(d.at("address"), d.path("address"), "nodes " + other + " and " + d.name()
                            + " both have the address " + address + "; each node advertises its own"));
                }
            }
            nodes.put(d.name(), new ClusterSpec.NodeSpec(d.name(), address, d.text("hostname"), labels, List.copyOf(nodeRepos),
                    strings(d.spec().path("runners")), strings(d.spec().path("files")), d.text("dockerHost"), d.at()));
        }
        if (cluster.isEmpty()) {
            if (!nodes.isEmpty()) {
                Declared first = declared.get("nodes").get(0);
                ctx.diagnostics().add(Diagnostic.error(first.at(), first.path(), "nodes are a swarm's; declare cluster: {engine: swarm, registry: ...} or remove nodes"));
            }
            return ClusterSpec.NONE;
        }
        Declared d = cluster.get(0);
        return new ClusterSpec(d.text("engine"), d.text("registry"), Section.sorted(nodes), d.at());
    }

    private static List<String> strings(com.fasterxml.jackson.databind.JsonNode list) {
        var out = new ArrayList<String>();
        list.forEach(n -> out.add(n.asText()));
        return List.copyOf(out);
    }

    /** An error at each node whose {@code list} names something {@code declared} (a section's names) does not hold. */
    public static void checkListed(ClusterSpec cluster, java.util.function.Function<ClusterSpec.NodeSpec, List<String>> list, String field,
                                   String section, Set<String> declared, dev.factory.config.Diagnostics diagnostics) {
        for (var node : cluster.nodes().values()) {
            for (String name : list.apply(node)) {
                if (!declared.contains(name)) {
                    diagnostics.add(Diagnostic.error(node.at(), "nodes." + node.name() + "." + field, field.substring(0, field.length() - 1) + " '" + name
                            + "' is not declared in " + section + Suggestions.didYouMean(name, declared)));
                }
            }
        }
    }

    /** The cluster as declared, {@link ClusterSpec#NONE} without one. */
    public static ClusterSpec of(dev.factory.config.Desired desired) {
        return desired.sections().containsKey(SECTION) ? desired.get(SECTION) : ClusterSpec.NONE;
    }

    @Override
    public String toString() {
        return "the cluster section";
    }
}
