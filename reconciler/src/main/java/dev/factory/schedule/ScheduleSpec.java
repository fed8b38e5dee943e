package dev.factory.schedule;

/** The {@code schedule:} section, with defaults. {@code http} is null when no endpoint is declared. */
public record ScheduleSpec(When reconcile, When driftReport, boolean autoApply, int jitterPercent, int driftKeep,
                           String webhook, boolean driftDoctor, Http http) {

    /** {@code schedule.http}: where the daemon listens, and the webhook secret's reference (never its value). */
    public record Http(String host, int port, String webhookSecret) {
        public static final String DEFAULT_LISTEN = "127.0.0.1:9464";

        public boolean loopback() {
            return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1");
        }
    }

    public ScheduleSpec(When reconcile, When driftReport, boolean autoApply, int jitterPercent, int driftKeep, String webhook, boolean driftDoctor) {
        this(reconcile, driftReport, autoApply, jitterPercent, driftKeep, webhook, driftDoctor, null);
    }

    public static ScheduleSpec defaults() {
        return new ScheduleSpec(When.parse("5m"), When.parse("0 0 3 * * ?"), false, 5, 14, null, true, null);
    }
}
