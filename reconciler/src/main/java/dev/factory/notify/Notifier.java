package dev.factory.notify;

import dev.factory.config.Desired;
import dev.factory.secrets.Masker;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Sends alerts to the config's {@code notify} targets, each the alerts of the conditions it hears,
 * in one message per batch, within its hourly limit. Delivery runs on a thread of its own, so a
 * slow receiver never holds a reconcile up; a failed delivery is logged (no URL, no secret) and dropped.
 */
public final class Notifier implements AutoCloseable {
    static final long COMMAND_SECONDS = 30;

    private final Consumer<String> log;
    private final Clock clock;
    private final Map<String, RateLimit> limits = new ConcurrentHashMap<>();
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        var t = new Thread(r, "notify");
        t.setDaemon(true);
        return t;
    });

    public Notifier(Consumer<String> log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    public void send(Desired desired, List<Alerts.Alert> alerts) {
        if (alerts.isEmpty()) return;
        Instant now = clock.instant();
        for (NotifyTarget target : desired.get(NotifySection.SECTION).values()) {
            var mine = alerts.stream().filter(a -> target.on().contains(a.condition())).toList();
            if (mine.isEmpty()) continue;
            var limit = limits.computeIfAbsent(target.name(), n -> new RateLimit());
            if (!limit.admit(now, target.maxPerHour(), mine.size())) {
                log.accept("notify." + target.name() + ": " + mine.size() + " alert(s) held back: " + target.maxPerHour() + " messages in the last hour already");
                continue;
            }
            int held = limit.takeHeld();
            String host = desired.host().name();
            sender.submit(() -> deliver(desired, target, host, now, mine, held));
        }
    }

    private void deliver(Desired desired, NotifyTarget target, String host, Instant now, List<Alerts.Alert> alerts, int held) {
        String what = "notify." + target.name();
        try {
            switch (target.type()) {
                case SLACK -> answered(what, alerts, Webhooks.post(desired.secrets().resolve(target.address()), Messages.slack(host, alerts, held), what));
                case WEBHOOK -> answered(what, alerts, Webhooks.post(desired.secrets().resolve(target.address()), Messages.json(host, now, alerts, held), what));
                case COMMAND -> run(what, target.command(), Messages.json(host, now, alerts, held), alerts);
            }
        } catch (IOException e) {
            log.accept(what + ": " + alerts.size() + " alert(s) not sent: " + Masker.mask(String.valueOf(e.getMessage())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void answered(String what, List<Alerts.Alert> alerts, int status) {
        log.accept(what + ": sent " + alerts.size() + " alert(s), HTTP " + status);
    }

    /** The program by its absolute path, with a bare environment, the JSON on stdin, killed after 30 s. */
    private void run(String what, List<String> command, String json, List<Alerts.Alert> alerts) throws IOException, InterruptedException {
        var pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        pb.environment().put("LANG", "C.UTF-8");
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(Masker.mask(json).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the program did not read its stdin; its exit code says the rest
        }
        if (!p.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("the command ran past " + COMMAND_SECONDS + " s and was killed");
        }
        if (p.exitValue() != 0) throw new IOException("the command exited " + p.exitValue());
        log.accept(what + ": sent " + alerts.size() + " alert(s) to the command");
    }

    /** Waits (briefly) for deliveries in flight, for a daemon that stops. */
    @Override
    public void close() {
        sender.shutdown();
        try {
            sender.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
