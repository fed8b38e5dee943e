package dev.factory.plan;

/**
 * What deleting a swept object (a prune rule's find) takes, as its change's {@code after}: the
 * bytes it frees, the files it deletes, the rule that found it and how much that rule examined.
 * The blast-radius guard and the views read it. {@code examined} is null in plans made before
 * rules said it.
 */
public record Sweep(Long frees, Long files, String rule, Long examined) {}
