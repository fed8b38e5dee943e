package dev.factory.kinds.prune;

import dev.factory.plan.Address;
import java.time.Instant;

/**
 * Something a prune rule may remove. {@code due}: it meets every condition of its rule, age
 * included. Not due: it meets all but the age, so the disk guard may take it early.
 * {@code files}: what removing it deletes (every file inside a directory counts).
 * {@code rule} and {@code examined}: which rule found it and how much that rule looked at, so the
 * mass-delete guard can tell a rule that takes most of what it sees. {@code before} records
 * what was seen (size, time), so apply can refuse if it changed.
 */
public record Candidate(Address address, String why, long bytes, long files, Instant time, boolean due, String rule, long examined,
                        PrunePayload before) {}
