package dev.factory.plan;

import dev.factory.config.Desired;
import java.util.Map;

/**
 * One kind of resource the reconciler manages: it observes live state, diffs it against the
 * desired state (purely, inside {@link #plan}), and carries out the changes it planned.
 */
public interface ResourceKind {

    /** The address prefix this kind owns, e.g. {@code image}. */
    String kind();

    /** The kinds whose changes this kind reads while planning (the {@code earlier} map); it is planned after them. */
    default java.util.Set<String> plannedAfter() {
        return java.util.Set.of();
    }

    /** Every address kind this kind plans and applies; most kinds have one. */
    default java.util.List<String> addressKinds() {
        return java.util.List.of(kind());
    }

    /**
     * Observe and diff. {@code earlier} holds the changes of the kinds planned before this one (an
     * image rebuilt in this plan replaces the containers that run it). Never throws for an
     * unreachable dependency: affected changes become unknown.
     */
    KindPlan plan(Desired desired, Map<Address, Change> earlier);

    /** Carry out one change this kind planned. Throws with a message naming the resource on failure. */
    void apply(Change change, Desired desired) throws Exception;
}
