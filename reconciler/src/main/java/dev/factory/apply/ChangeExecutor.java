package dev.factory.apply;

import dev.factory.plan.Change;

/** Carries out one planned change; a kind's executor. Throws with a message naming what failed. */
@FunctionalInterface
public interface ChangeExecutor {
    void apply(Change change) throws Exception;
}
