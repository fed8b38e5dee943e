package dev.factory.plan;

import dev.factory.config.Desired;

/**
 * One kind of resource the reconciler manages: it observes live state, diffs it against the
 * desired state (purely, inside {@link #plan}), and carries out the changes it planned.
 */
public interface ResourceKind {

    /** The address prefix this kind owns, e.g. {@code image}. */
    String kind();

    /** Observe and diff. Never throws for an unreachable dependency: affected changes become unknown. */
    KindPlan plan(Desired desired);

    /** Carry out one change this kind planned. Throws with a message naming the resource on failure. */
    void apply(Change change, Desired desired) throws Exception;
}
