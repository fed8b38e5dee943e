package dev.factory.engine.port;

import java.time.Duration;
import java.util.List;

/**
 * A container's health check, as compose writes it: {@code test} is {@code [CMD, prog, args...]}
 * or {@code [CMD-SHELL, "command"]}; the engine runs it every {@code interval}, gives it {@code
 * timeout}, and calls the container unhealthy after {@code retries} failures in a row, failures
 * in the first {@code startPeriod} not counted.
 */
public record HealthSpec(List<String> test, Duration interval, Duration timeout, int retries, Duration startPeriod) {
    /** Docker's defaults. */
    public static final Duration INTERVAL = Duration.ofSeconds(30);
    public static final Duration TIMEOUT = Duration.ofSeconds(30);
    public static final int RETRIES = 3;
    /** The most apply waits for a dependency to turn healthy, whatever its check says. */
    public static final Duration MOST = Duration.ofMinutes(5);

    public HealthSpec {
        test = List.copyOf(test);
    }

    /**
     * How long a container can take to be called healthy or unhealthy: its start period, then
     * {@code retries} rounds of interval and timeout, and one more; at most {@link #MOST}.
     */
    public Duration patience() {
        Duration round = interval.plus(timeout);
        Duration all = startPeriod.plus(round.multipliedBy(retries + 1L));
        return all.compareTo(MOST) > 0 ? MOST : all;
    }

    @Override
    public String toString() {
        return test + " every " + interval.toMillis() + "ms, timeout " + timeout.toMillis() + "ms, retries " + retries + ", start period "
                + startPeriod.toMillis() + "ms";
    }
}
