package dev.factory.kinds.swarm;

import dev.factory.kinds.container.ClusterSection;
import dev.factory.kinds.container.ClusterSpec;

import dev.factory.config.Desired;
import dev.factory.config.Section;
import dev.factory.engine.port.DockerUnavailableException;
import dev.factory.kinds.repo.RepoSection;
import dev.factory.kinds.file.FileSection;
import dev.factory.kinds.runner.RunnerSection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The host objects this node keeps: a repo listed under some nodes is cloned (and its files
 * rendered) on those nodes only, a runner's slots run and a declared file is rendered on the
 * nodes that list it; one no node lists, on every node. Which node this is comes from
 * the engine (the address it advertises, its name); when that cannot be told, nothing is sliced
 * away, so nothing a node keeps is ever planned for deletion on a guess.
 */
public final class ClusterSlice {
    private ClusterSlice() {}

    public static Desired slice(Desired desired, SwarmEngine swarm) {
        ClusterSpec cluster = ClusterSection.of(desired);
        if (!cluster.enabled() || cluster.nodes().values().stream().allMatch(n -> n.repos().isEmpty() && n.runners().isEmpty() && n.files().isEmpty())) return desired;
        Optional<ClusterSpec.NodeSpec> here;
        try {
            var state = swarm.state();
            if (!state.active()) return desired;
            here = cluster.nodes().values().stream().filter(n -> n.matches(state.nodeAddress(), state.hostname())).findFirst();
        } catch (DockerUnavailableException e) {
            return desired;
        }
        return here.map(node -> keep(desired, cluster, node.name())).orElse(desired);
    }

    /** Puts in {@code sections} the part of {@code section}'s map that {@code node} keeps (by {@code list}), when it is loaded. */
    private static <V> void keep(Desired desired, Map<Section<?>, Object> sections, Section<Map<String, V>> section, ClusterSpec cluster,
                                 java.util.function.Function<ClusterSpec.NodeSpec, java.util.List<String>> list, String node) {
        if (!desired.sections().containsKey(section)) return;
        var kept = new TreeMap<String, V>();
        desired.get(section).forEach((name, spec) -> {
            var on = cluster.listing(list, name);
            if (on.isEmpty() || on.contains(node)) kept.put(name, spec);
        });
        sections.put(section, Section.sorted(kept));
    }

    /** {@code desired} with only the repos, runners and declared files {@code node} keeps. */
    static Desired keep(Desired desired, ClusterSpec cluster, String node) {
        Map<Section<?>, Object> sections = new HashMap<>(desired.sections());
        keep(desired, sections, RepoSection.SECTION, cluster, ClusterSpec.NodeSpec::repos, node);
        keep(desired, sections, RunnerSection.SECTION, cluster, ClusterSpec.NodeSpec::runners, node);
        keep(desired, sections, FileSection.SECTION, cluster, ClusterSpec.NodeSpec::files, node);
        return new Desired(desired.configDir(), desired.revision(), desired.host(), sections, desired.declared());
    }
}
