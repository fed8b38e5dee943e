package dev.factory.schedule;

import dev.factory.config.Age;
import java.time.Duration;
import org.quartz.CronExpression;

/** When something runs: a fixed interval ({@code 5m}) or a Quartz cron expression ({@code 0 0 3 * * ?}). */
public record When(String text, Duration every, String cron) {

    public static When parse(String text) {
        String t = text.strip();
        if (t.matches("\\d+[smhdw]")) return new When(t, Age.parse(t).duration(), null);
        if (!CronExpression.isValidExpression(t)) {
            throw new IllegalArgumentException("'" + t + "' is neither an interval (30s, 5m, 1h) nor a Quartz cron expression "
                    + "(six fields: sec min hour day month weekday, e.g. '0 0 3 * * ?')");
        }
        return new When(t, null, t);
    }

    @Override
    public String toString() {
        return text;
    }
}
