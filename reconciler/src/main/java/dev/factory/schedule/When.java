package dev.factory.schedule;

import dev.factory.config.Age;
import java.time.Duration;
import org.quartz.CronExpression;

/** When something runs: a fixed interval ({@code 5m}) or a Quartz cron expression ({@code 0 0 3 * * ?}). */
public record When(String text, Duration every, String cron) {
    private static final java.util.concurrent.atomic.AtomicBoolean PREPARED = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * Readies Quartz's cron parser on a thread of its own, once a process, for a command about to
     * load a config (every config has a cron: the drift report's default). Its first use builds a
     * {@link java.util.Calendar}, which on a cold JVM reads the locale providers' tables: 60-150 ms
     * here, otherwise spent in the middle of the config's load, which the whole plan waits on.
     */
    public static void prepareBeside() {
        if (PREPARED.compareAndSet(false, true)) {
            dev.factory.runtime.Workers.beside("cron-parser", () -> CronExpression.isValidExpression("0 0 3 * * ?"));
        }
    }

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
