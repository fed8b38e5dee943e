package dev.factory.kinds.swarm;

import dev.factory.kinds.container.ClusterSection;
import dev.factory.kinds.container.ClusterSpec;

import dev.factory.config.Desired;
import dev.factory.config.Section;
import dev.factory.engine.port.DockerUnavailableException;
import dev.factory.kinds.repo.RepoSection;
import dev.factory.kinds.repo.RepoSpec;
import dev.factory.kinds.runner.RunnerSection;
import dev.factory.kinds.runner.RunnerSpec;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The host objects this node keeps: a repo listed under some nodes is cloned (and its files
 * rendered) on those nodes only, a runner's slots run on the nodes that list it; one no node
 * lists, on every node. Which node this is comes from
 * the engine (the address it advertises, its name); when that cannot be told, nothing is sliced
 * away, so nothing a node keeps is ever planned for deletion on a guess.
 */
public final class ClusterSlice {
    private ClusterSlice() {}

    public static Desired slice(Desired desired, SwarmEngine swarm) {
        ClusterSpec cluster = ClusterSection.of(desired);
        if (!cluster.enabled() || cluster.nodes().values().stream().allMatch(n -> n.repos().isEmpty() && n.runners().isEmpty())) return desired;
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

    /** {@code desired} with only the repos and runners {@code node} keeps. */
    static Desired keep(Desired desired, ClusterSpec cluster, String node) {
        var repos = new TreeMap<String, RepoSpec>();
        desired.get(RepoSection.SECTION).forEach((name, spec) -> {
            var on = cluster.nodesOf(name);
            if (on.isEmpty() || on.contains(node)) repos.put(name, spec);
        });
        Map<Section<?>, Object> sections = new HashMap<>(desired.sections());
        sections.put(RepoSection.SECTION, Section.sorted(repos));
        if (desired.sections().containsKey(RunnerSection.SECTION)) {
            var runners = new TreeMap<String, RunnerSpec>();
            desired.get(RunnerSection.SECTION).forEach((name, spec) -> {
                var on = cluster.nodesOfRunner(name);
                if (on.isEmpty() || on.contains(node)) runners.put(name, spec);
            });
            sections.put(RunnerSection.SECTION, Section.sorted(runners));
        }
        return new Desired(desired.configDir(), desired.revision(), desired.host(), sections, desired.declared());
    }
}
