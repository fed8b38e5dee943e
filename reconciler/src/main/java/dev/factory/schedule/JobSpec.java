package dev.factory.schedule;

import java.time.Duration;
import java.util.List;

/** A scheduled job: each run a container from a profile, removed when it ends. */
public record JobSpec(String name, When schedule, String profile, List<String> command, Duration timeout, int failAfter) {}
