package dev.factory.kinds.prune;

import dev.factory.plan.Address;
import java.time.Instant;
import java.util.Map;

/**
 * Something a prune rule may remove. {@code due}: it meets every condition of its rule, age
 * included. Not due: it meets all but the age, so the disk guard may take it early.
 * {@code before} records what was seen (size, time), so apply can refuse if it changed.
 */
public record Candidate(Address address, String rule, long bytes, Instant time, boolean due, Map<String, Object> before) {}
