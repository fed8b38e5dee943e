package dev.factory.apply;

import dev.factory.plan.Action;
import dev.factory.plan.Address;
import java.time.Duration;
import java.util.List;

/** What happened to each change apply attempted, in the order they finished. */
public record ApplyResult(List<Outcome> outcomes) {

    public enum Status { APPLIED, FAILED, SKIPPED }

    /**
     * @param endedNanos {@link System#nanoTime()} when the change ended: live drift tells the events
     *     an apply caused itself (before it) from a hand edit right after it
     */
    public record Outcome(Address address, Action action, Status status, String message, Duration took, long endedNanos) {
        public Outcome(Address address, Action action, Status status, String message, Duration took) {
            this(address, action, status, message, took, System.nanoTime());
        }
    }

    public ApplyResult {
        outcomes = List.copyOf(outcomes);
    }

    public long count(Status status) {
        return outcomes.stream().filter(o -> o.status() == status).count();
    }

    public boolean succeeded() {
        return count(Status.FAILED) == 0 && count(Status.SKIPPED) == 0;
    }
}
