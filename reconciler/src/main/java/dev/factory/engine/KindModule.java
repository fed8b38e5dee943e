package dev.factory.engine;

import dev.factory.config.Desired;
import dev.factory.config.Section;
import dev.factory.plan.ResourceKind;
import java.util.List;
import java.util.Set;

/**
 * One kind, complete: the config sections it reads (each with its schema fragment), the resource
 * kinds it plans and applies (each an observer, a pure planner and an executor, with its ordering
 * edges in {@link ResourceKind#plannedAfter}), and the files it renders through the file kind.
 * The registry in {@code dev.factory.app} lists the modules; the loader, the reconciler and the
 * views iterate them and name none.
 */
public interface KindModule {

    /** The config sections this kind reads; most kinds read one. */
    List<Section<?>> sections();

    /** The resource kinds this kind plans and applies, built from the ports in {@code ctx}. */
    List<ResourceKind> resourceKinds(KindContext ctx);

    /** Files this kind renders on the host (a repo's AGENTS.md, a runner unit, MCP client configs); the file kind owns them. */
    default List<RenderedFile> renderedFiles(Desired desired, KindContext ctx) {
        return List.of();
    }

    /**
     * The part of {@code desired} this host reconciles: all of it, unless a kind places some
     * declarations on other hosts (a swarm's nodes each keep their own repos).
     */
    default Desired slice(Desired desired, Ports ports) {
        return desired;
    }

    /** Address kinds whose deletes are sweeps by rule (prune), counted apart by the blast-radius guard. */
    default Set<String> sweepKinds() {
        return Set.of();
    }

    /** The most deletions one apply may make before the guard stops it, if this kind's config says. */
    default java.util.OptionalInt maxDeletions(Desired desired) {
        return java.util.OptionalInt.empty();
    }
}
