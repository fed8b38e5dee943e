package dev.factory.notify;

import java.util.List;
import java.util.Set;

/**
 * One {@code notify.NAME}: where alerts go and which conditions it hears.
 *
 * @param address for SLACK and WEBHOOK, the URL as written (often a secret reference, resolved at send time)
 * @param command for COMMAND, the program (an absolute path) and its arguments; the alert JSON arrives on stdin
 * @param maxPerHour messages at most in any hour; more are held back and counted in the next one
 */
public record NotifyTarget(String name, Type type, String address, List<String> command, Set<Condition> on, int maxPerHour) {
    public enum Type { SLACK, WEBHOOK, COMMAND }

    /** What a target hears when {@code on} is not written: every condition but the {@code applied} event. */
    public static final Set<Condition> DEFAULT_ON = Set.of(Condition.RECONCILE_FAILED, Condition.DRIFT, Condition.JOB_FAILING, Condition.DISK,
            Condition.RUNNER_OFFLINE, Condition.DOCTOR_DEAF);

    public NotifyTarget {
        command = command == null ? List.of() : List.copyOf(command);
        on = Set.copyOf(on);
    }
}
