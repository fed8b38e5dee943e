package dev.factory.schedule;

/** The {@code schedule:} section, with defaults. */
public record ScheduleSpec(When reconcile, When driftReport, boolean autoApply, int jitterPercent, int driftKeep,
                           String webhook, boolean driftDoctor) {

    public static ScheduleSpec defaults() {
        return new ScheduleSpec(When.parse("5m"), When.parse("0 0 3 * * ?"), false, 5, 14, null, true);
    }
}
