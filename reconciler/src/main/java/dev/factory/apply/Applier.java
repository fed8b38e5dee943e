package dev.factory.apply;

import dev.factory.apply.ApplyResult.Outcome;
import dev.factory.apply.ApplyResult.Status;
import dev.factory.runtime.Workers;
import dev.factory.plan.Action;
import dev.factory.plan.Address;
import dev.factory.plan.Change;
import dev.factory.plan.Plan;
import dev.factory.state.Journal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

/**
 * Runs a plan's mutating changes in dependency order. A change starts when everything it depends
 * on has been applied (or needed nothing); independent changes run in parallel; a failure skips
 * only the changes that depend on it, directly or not. Apply reads only the plan's data.
 */
public final class Applier {
    private final ApplyOptions options;
    private final Journal journal;
    private final Consumer<String> progress;

    public Applier(ApplyOptions options, Journal journal, Consumer<String> progress) {
        this.options = options;
        this.journal = journal;
        this.progress = progress;
    }

    private enum State { PENDING, RUNNING, DONE, FAILED, SKIPPED }

    public ApplyResult apply(Plan plan, ChangeExecutor executor) throws InterruptedException {
        Map<Address, Change> all = new HashMap<>();
        plan.changes().forEach(c -> all.put(c.address(), c));
        Map<Address, State> state = new LinkedHashMap<>();
        plan.mutating().forEach(c -> state.put(c.address(), State.PENDING));
        List<Outcome> outcomes = new ArrayList<>();

        ExecutorService pool = Workers.pool(options.parallelism(), "factory-apply");
        var completion = new ExecutorCompletionService<Outcome>(pool);
        int running = 0;
        var heartbeat = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "factory-apply-heartbeat");
            t.setDaemon(true);
            return t;
        });
        long every = options.heartbeat().toMillis();
        // a delay between beats, not a rate: a host that stalled the thread gets one line late, not a burst of catch-ups
        heartbeat.scheduleWithFixedDelay(this::beat, every, every, java.util.concurrent.TimeUnit.MILLISECONDS);
        try {
            while (true) {
                skipBlocked(state, all, outcomes);
                if (options.stopRequested().getAsBoolean()) {
                    for (var e : state.entrySet()) {
                        if (e.getValue() == State.PENDING) {
                            e.setValue(State.SKIPPED);
                            outcomes.add(skip(all.get(e.getKey()), "factory is shutting down; the next apply picks it up"));
                        }
                    }
                }
                for (Address address : List.copyOf(state.keySet())) {
                    if (running >= options.parallelism()) break;
                    if (state.get(address) == State.PENDING && ready(all.get(address), state, all)) {
                        state.put(address, State.RUNNING);
                        Change change = all.get(address);
                        completion.submit(() -> run(change, executor));
                        running++;
                    }
                }
                if (running == 0) break;
                Outcome done = completion.take().get();
                running--;
                outcomes.add(done);
                state.put(done.address(), done.status() == Status.APPLIED ? State.DONE : State.FAILED);
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("apply worker crashed", e.getCause());
        } finally {
            heartbeat.shutdownNow();
            pool.shutdownNow();
        }
        // whatever is still pending could never become ready (a dependency cycle the planner let through)
        state.forEach((address, s) -> {
            if (s == State.PENDING) {
                outcomes.add(skip(all.get(address), "its dependencies never completed"));
            }
        });
        return new ApplyResult(outcomes);
    }

    /** Changes in flight and when each started, for the heartbeat. */
    private final Map<Change, Long> inFlight = new java.util.concurrent.ConcurrentHashMap<>();

    /** One line per change still running: a long build or clone shows it is alive, and for how long. */
    private void beat() {
        long now = System.nanoTime();
        inFlight.forEach((change, start) -> progress.accept(change.action().symbol() + " " + change.address() + ": "
                + change.action().word() + " still running after " + seconds(Duration.ofNanos(now - start))));
    }

    private Outcome run(Change change, ChangeExecutor executor) {
        String address = change.address().toString();
        long start = System.nanoTime();
        inFlight.put(change, start);
        try {
            return runTimed(change, executor, address, start);
        } finally {
            inFlight.remove(change);
        }
    }

    private Outcome runTimed(Change change, ChangeExecutor executor, String address, long start) {
        journal.event("start", address, change.action().word(), null, null);
        progress.accept(change.action().symbol() + " " + address + ": " + change.action().word() + " started");
        try {
            executor.apply(change);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            journal.event("end", address, change.action().word(), "applied", null);
            progress.accept(change.action().symbol() + " " + address + ": " + change.action().word() + " done in " + seconds(took));
            return new Outcome(change.address(), change.action(), Status.APPLIED, null, took);
        } catch (Exception e) {
            String message = dev.factory.runtime.Errors.human(e.getMessage() == null ? e.toString() : e.getMessage());
            journal.event("end", address, change.action().word(), "failed", message);
            progress.accept("! " + address + ": " + change.action().word() + " failed: " + message);
            return new Outcome(change.address(), change.action(), Status.FAILED, message, Duration.ofNanos(System.nanoTime() - start));
        }
    }

    private static boolean ready(Change change, Map<Address, State> state, Map<Address, Change> all) {
        for (Address dep : change.dependsOn()) {
            State s = state.get(dep);
            if (s != null && s != State.DONE) return false;
        }
        return true;
    }

    /** Marks as skipped every pending change with a failed, skipped or unknown dependency. */
    private void skipBlocked(Map<Address, State> state, Map<Address, Change> all, List<Outcome> outcomes) {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (var e : state.entrySet()) {
                if (e.getValue() != State.PENDING) continue;
                Change change = all.get(e.getKey());
                for (Address dep : change.dependsOn()) {
                    State s = state.get(dep);
                    Change depChange = all.get(dep);
                    String why = null;
                    if (s == State.FAILED) why = dep + " failed";
                    else if (s == State.SKIPPED) why = dep + " was skipped";
                    else if (s == null && depChange != null && depChange.action() == Action.UNKNOWN) why = dep + " is unknown";
                    if (why != null) {
                        e.setValue(State.SKIPPED);
                        outcomes.add(skip(change, why));
                        changed = true;
                        break;
                    }
                }
            }
        }
    }

    private Outcome skip(Change change, String why) {
        String address = change.address().toString();
        journal.event("skip", address, change.action().word(), "skipped", why);
        progress.accept("- " + address + ": skipped, " + why);
        return new Outcome(change.address(), change.action(), Status.SKIPPED, why, Duration.ZERO);
    }

    private static String seconds(Duration d) {
        return String.format("%.1fs", d.toMillis() / 1000.0);
    }
}
