package dev.factory.notify;

import java.util.Arrays;
import java.util.Optional;

/** What an alert is about, by the word a config's {@code notify.NAME.on} uses. */
public enum Condition {
    RECONCILE_FAILED("reconcile-failed", "reconcile failed"),
    APPLIED("applied", "apply changed something"),
    DRIFT("drift", "drift found"),
    JOB_FAILING("job-failing", "job failing"),
    DISK("disk", "disk over the alert line"),
    RUNNER_OFFLINE("runner-offline", "runner offline"),
    DOCTOR_DEAF("doctor-deaf", "doctor check deaf");

    private final String word;
    private final String title;

    Condition(String word, String title) {
        this.word = word;
        this.title = title;
    }

    public String word() {
        return word;
    }

    public String title() {
        return title;
    }

    /** True for a condition that holds for a while and clears; {@link #APPLIED} is a one-off event. */
    public boolean clears() {
        return this != APPLIED;
    }

    public static Optional<Condition> of(String word) {
        return Arrays.stream(values()).filter(c -> c.word.equals(word)).findFirst();
    }
}
