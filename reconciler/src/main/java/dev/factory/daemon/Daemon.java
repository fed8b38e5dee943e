package dev.factory.daemon;

import dev.factory.schedule.JobSection;
import dev.factory.schedule.JobSpec;
import dev.factory.schedule.When;
import dev.factory.schedule.ScheduleSection;
import dev.factory.config.ConfigLoader;
import dev.factory.config.Desired;
import dev.factory.state.StateDir;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.quartz.CronScheduleBuilder;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;

/**
 * {@code factory daemon}: a Quartz scheduler (RAMJobStore) running reconcile, the drift report
 * and each declared job. A job never overlaps itself; triggers missed while it ran collapse
 * into one next run, so commits arriving during a reconcile are picked up by a single next one.
 * Each reconcile reloads (and fetches) the config, so a pushed change needs no restart.
 */
public final class Daemon {
    static final String RECONCILE = "reconcile";
    static final String DRIFT = "drift-report";
    static final String JOB_PREFIX = "job:";
    static final String PULLS = "pull-requests";
    /** Set on the trigger of a live-drift reconcile: it reconciles the dirty objects only. */
    static final String TARGETED = "targeted";

    /** A step the daemon runs on a schedule of its own. */
    @FunctionalInterface
    public interface Round {
        void run() throws Exception;
    }

    private When pullRequestsEvery;
    private Round pullRequests;

    private final Supplier<ConfigLoader.Result> config;
    private final Function<Desired, StateDir> stateDir;
    private final Consumer<String> log;
    private final AtomicBoolean stopping = new AtomicBoolean();
    /** Released by {@link #stop}: a jitter wait ends at once instead of outlasting systemd's stop timeout. */
    private final java.util.concurrent.CountDownLatch stopSignal = new java.util.concurrent.CountDownLatch(1);
    private final Map<String, When> scheduled = new HashMap<>();
    private Scheduler scheduler;

    private final Service service;
    private final AtomicBoolean reconcileQueued = new AtomicBoolean();
    private final AtomicBoolean pullsQueued = new AtomicBoolean();
    private volatile String running;
    /** True while a reconcile (full or live) converges: live drift holds its marks meanwhile. */
    private volatile boolean reconciling;
    private final java.util.Set<String> dirty = new java.util.LinkedHashSet<>();
    private final AtomicBoolean targetedQueued = new AtomicBoolean();
    private volatile LiveDrift live;

    public Daemon(Supplier<ConfigLoader.Result> config, Function<Desired, StateDir> stateDir, Consumer<String> log) {
        this(config, stateDir, log, dev.factory.app.Registry.configLoader().keepingParsedFiles());
    }

    /**
     * A daemon whose plan server loads configs with {@code planLoader}, one that keeps the files it
     * parsed: when {@code config} loads with the same loader, a reconcile's config and the plans the
     * daemon answers share one parsed copy of each unchanged file (at 5,000 objects, ~7 MB less).
     */
    public Daemon(Supplier<ConfigLoader.Result> config, Function<Desired, StateDir> stateDir, Consumer<String> log, ConfigLoader planLoader) {
        this.config = config;
        this.stateDir = stateDir;
        this.log = log;
        this.service = new Service(this, log, planLoader);
    }

    public void start() throws SchedulerException {
        var props = new Properties();
        props.setProperty("org.quartz.scheduler.instanceName", "factory");
        props.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        props.setProperty("org.quartz.threadPool.threadCount", "4");
        props.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        props.setProperty("org.quartz.jobStore.misfireThreshold", "1000");
        scheduler = new StdSchedulerFactory(props).getScheduler();
        scheduler.setJobFactory((bundle, s) -> {
            String name = bundle.getJobDetail().getKey().getName();
            if (name.equals(RECONCILE)) return new Steps.ReconcileJob(this);
            if (name.equals(DRIFT)) return new Steps.DriftJob(this);
            if (name.equals(PULLS)) return new Steps.PullRequestsJob(this);
            return new Steps.ContainerJob(this, name.substring(JOB_PREFIX.length()));
        });
        var loaded = config.get();
        schedule(RECONCILE, loaded.ok() ? loaded.desired().get(ScheduleSection.SECTION).reconcile() : When.parse("5m"));
        if (loaded.ok()) reschedule(loaded.desired());
        if (pullRequests != null) schedule(PULLS, pullRequestsEvery);
        scheduler.start();
        log.accept("factory daemon started");
        if (loaded.ok()) {
            service.open(loaded, stateDir.apply(loaded.desired()));
            watch(loaded.desired());
        }
    }

    /** Starts live drift (once), on the engine the config names. */
    private synchronized void watch(Desired desired) {
        if (live != null || stopping()) return;
        live = new LiveDrift(dev.factory.docker.DockerGateway.endpoint(desired.host()), service::declared, service::lineage, this::dirty,
                () -> reconciling, log);
        live.start();
    }

    /** Live drift's hand-over: everything (a reopened event stream) asks for a full reconcile, else those objects only. */
    void dirty(java.util.Set<String> objects, String cause) {
        if (objects.contains(Debounce.EVERYTHING)) {
            requestReconcile(cause);
            return;
        }
        synchronized (dirty) {
            dirty.addAll(objects);
        }
        if (reconcileQueued.get() || scheduler == null || stopping()) return;   // the queued full reconcile covers them
        try {
            if (queue(targetedQueued, RECONCILE, new org.quartz.JobDataMap(Map.of(TARGETED, true)))) {
                log.accept("live drift: " + cause + "; reconciling " + String.join(", ", objects));
            }   // else it joins the one queued
        } catch (SchedulerException e) {
            log.accept("live drift: could not queue a reconcile: " + e.getMessage());
        }
    }

    private java.util.List<String> takeDirty() {
        synchronized (dirty) {
            var out = List.copyOf(dirty);
            dirty.clear();
            return out;
        }
    }

    /** Whether the engine's event stream is open (live drift is on). */
    boolean watching() {
        return live != null && live.streaming();
    }

    /**
     * Runs a reconcile now, coalesced: while one is already queued, another request joins it. A
     * reconcile in flight finishes first (reconciles never overlap), then the queued one runs.
     */
    public String requestReconcile(String why) {
        if (scheduler == null || stopping()) return "the daemon is not running its schedule";
        try {
            if (!queue(reconcileQueued, RECONCILE, new org.quartz.JobDataMap())) return "a reconcile is already queued";
        } catch (SchedulerException e) {
            return "could not queue a reconcile: " + e.getMessage();
        }
        log.accept("reconcile requested: " + why);
        return "reconcile queued";
    }

    /** Plans the config repo's open pull requests now (coalesced), when the daemon does pull-request plans. */
    public String requestPullRequestPlans(String why) {
        if (pullRequests == null) return "ignored: pull-request plans are not configured (source.pullRequests)";
        try {
            if (!queue(pullsQueued, PULLS, new org.quartz.JobDataMap())) return "pull-request plans already queued";
        } catch (SchedulerException e) {
            return "could not queue pull-request plans: " + e.getMessage();
        }
        log.accept("pull-request plans requested: " + why);
        return "pull-request plans queued";
    }

    /**
     * Triggers {@code job} now unless {@code queued} says a trigger of it is waiting already;
     * false then. The flag is cleared by the run it queued (or here, when the trigger fails).
     */
    private boolean queue(AtomicBoolean queued, String job, org.quartz.JobDataMap data) throws SchedulerException {
        if (!queued.compareAndSet(false, true)) return false;
        try {
            scheduler.triggerJob(JobKey.jobKey(job), data);
            return true;
        } catch (SchedulerException e) {
            queued.set(false);
            throw e;
        }
    }

    boolean reconcileQueued() {
        return reconcileQueued.get();
    }

    /** The step running now, or null. */
    String running() {
        return running;
    }

    void running(String step) {
        running = step;
    }

    /** The control socket of the daemon whose state dir is {@code state}. */
    public static java.nio.file.Path controlSocket(StateDir state) {
        return Service.socket(state);
    }

    /** The HTTP endpoint's port, or -1 (for tests that listen on port 0). */
    public int httpPort() {
        return service.httpPort();
    }

    /**
     * Plans the config repo's open pull requests every {@code every} (see
     * {@link dev.factory.pullrequests.PullRequestPlans}); set before {@link #start}.
     */
    public Daemon withPullRequests(When every, Round round) {
        this.pullRequestsEvery = every;
        this.pullRequests = round;
        return this;
    }

    void planPullRequests() throws Exception {
        pullsQueued.set(false);
        if (pullRequests != null) pullRequests.run();
    }

    /** SIGTERM: no new changes start, the one in flight finishes, every job ends, then the scheduler stops. */
    public void stop() {
        stopping.set(true);
        stopSignal.countDown();
        try {
            if (scheduler != null) scheduler.shutdown(true);
        } catch (SchedulerException e) {
            log.accept("stopping the scheduler: " + e.getMessage());
        }
        synchronized (this) {
            if (live != null) live.close();
        }
        service.close();
        log.accept("factory daemon stopped");
    }

    boolean stopping() {
        return stopping.get();
    }

    /** Brings the drift report's and the declared jobs' triggers in line with the config. */
    synchronized void reschedule(Desired desired) throws SchedulerException {
        schedule(RECONCILE, desired.get(ScheduleSection.SECTION).reconcile());
        schedule(DRIFT, desired.get(ScheduleSection.SECTION).driftReport());
        for (String name : List.copyOf(scheduled.keySet())) {
            if (name.startsWith(JOB_PREFIX) && !desired.get(JobSection.SECTION).containsKey(name.substring(JOB_PREFIX.length()))) {
                scheduler.deleteJob(JobKey.jobKey(name));
                scheduled.remove(name);
                log.accept("unscheduled " + name);
            }
        }
        for (JobSpec job : desired.get(JobSection.SECTION).values()) schedule(JOB_PREFIX + job.name(), job.schedule());
    }

    private void schedule(String name, When when) throws SchedulerException {
        if (when.equals(scheduled.get(name))) return;
        var key = JobKey.jobKey(name);
        if (scheduler.checkExists(key)) scheduler.deleteJob(key);
        var every = when.every() == null ? null : SimpleScheduleBuilder.simpleSchedule().withIntervalInMilliseconds(when.every().toMillis()).repeatForever();
        // a reconcile held up by another (a live one, a requested one) runs as soon as that ends, not a whole interval later;
        // a job whose run outlasted its interval skips the runs it missed
        if (every != null) every = name.equals(RECONCILE) ? every.withMisfireHandlingInstructionNowWithExistingCount()
                : every.withMisfireHandlingInstructionNextWithRemainingCount();
        Trigger trigger = every != null
                ? TriggerBuilder.newTrigger().withIdentity(name).startNow().withSchedule(every).build()
                : TriggerBuilder.newTrigger().withIdentity(name).withSchedule(CronScheduleBuilder.cronSchedule(when.cron())
                        .withMisfireHandlingInstructionFireAndProceed()).build();
        Class<? extends Job> type = name.equals(RECONCILE) ? Steps.ReconcileJob.class : name.equals(DRIFT) ? Steps.DriftJob.class
                : name.equals(PULLS) ? Steps.PullRequestsJob.class : Steps.ContainerJob.class;
        scheduler.scheduleJob(JobBuilder.newJob(type).withIdentity(key).build(), trigger);
        scheduled.put(name, when);
        log.accept("scheduled " + name + " (" + when + ")");
    }

    /**
     * Waits a random part (up to {@code percent}) of the interval, so hosts sharing a schedule do not
     * start together. Returns false when the daemon began stopping meanwhile: the round is skipped.
     */
    boolean jitter(When when, int percent) {
        if (stopping()) return false;
        if (when.every() == null || percent == 0) return true;
        long bound = when.every().toMillis() * percent / 100;
        if (bound <= 0) return true;
        try {
            return !stopSignal.await(ThreadLocalRandom.current().nextLong(bound), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * One reconcile: reload and fetch the config, plan, apply when autoApply, record the outcome.
     * A live-drift trigger ({@code targeted}) reconciles only the objects marked dirty since, with
     * the config the last full reconcile loaded; when a full one is queued it leaves them to it.
     */
    void reconcile(boolean targeted) throws Exception {
        if (targeted) {
            targetedQueued.set(false);
            if (!reconcileQueued.get()) reconcileDirty();
            return;
        }
        boolean requested = reconcileQueued.getAndSet(false);
        var loaded = config.get();
        if (!loaded.ok()) {
            log.accept("reconcile: the config has errors; nothing planned");
            service.reconcileFailed("config_error");
            return;
        }
        Desired desired = loaded.desired();
        StateDir state = stateDir.apply(desired);
        service.open(loaded, state);
        watch(desired);
        if (service.suspended(state, "reconcile")) return;
        // a requested reconcile (factory reconcile, a webhook) runs at once; the schedule's own is spread by jitter
        if (!requested && !jitter(desired.get(ScheduleSection.SECTION).reconcile(), desired.get(ScheduleSection.SECTION).jitterPercent())) {
            log.accept("reconcile skipped: the daemon is stopping");
            return;
        }
        reschedule(desired);
        if (requested) log.accept("reconcile started (requested)");
        takeDirty();   // a full reconcile covers whatever was marked dirty
        converge(loaded, state, dev.factory.plan.Targeting.ALL);
    }

    private void reconcileDirty() throws Exception {
        var targets = takeDirty();
        var loaded = service.loaded();
        if (targets.isEmpty() || loaded == null || !loaded.ok()) return;
        StateDir state = stateDir.apply(loaded.desired());
        if (service.suspended(state, "live reconcile of " + String.join(", ", targets))) return;
        converge(loaded, state, new dev.factory.plan.Targeting(targets, List.of()));
    }

    /** One reconcile, whole or narrowed to live drift's objects, recorded for status, metrics and live drift. */
    private void converge(ConfigLoader.Result loaded, StateDir state, dev.factory.plan.Targeting targeting) throws Exception {
        long start = System.nanoTime();
        reconciling = true;
        try {
            var outcome = Rounds.reconcile(loaded, state, targeting, this::stopping, log);
            settled(outcome);
            var took = java.time.Duration.ofNanos(System.nanoTime() - start);
            if (targeting.partial()) service.reconciledDirty(targeting.targets(), outcome, took);
            else service.reconciled(loaded, outcome, took);
        } catch (Exception e) {
            service.reconcileFailed("error");
            throw e;
        } finally {
            reconciling = false;
            watchFiles(state);
        }
    }

    /** The events an apply caused itself are not drift. */
    private void settled(dev.factory.engine.Converge.Outcome outcome) {
        LiveDrift l = live;
        if (l == null || outcome == null || outcome.applied() == null) return;
        var ended = new java.util.HashMap<String, Long>();
        for (var o : outcome.applied().outcomes()) ended.put(o.address().toString(), o.endedNanos());
        l.settled(ended);
    }

    private void watchFiles(StateDir state) {
        LiveDrift l = live;
        if (l != null) l.watchFiles(service.renderedFiles(state));
    }

    void driftReport() throws Exception {
        var loaded = config.get();
        if (loaded.ok()) service.reported(Rounds.driftReport(loaded, stateDir.apply(loaded.desired()), log));
    }

    void runJob(String name) throws Exception {
        var loaded = config.get();
        if (!loaded.ok() || !loaded.desired().get(JobSection.SECTION).containsKey(name)) return;
        Desired desired = loaded.desired();
        JobSpec job = desired.get(JobSection.SECTION).get(name);
        if (service.suspended(stateDir.apply(desired), "job " + name)) return;
        if (!jitter(job.schedule(), desired.get(ScheduleSection.SECTION).jitterPercent())) {
            log.accept("job " + name + " skipped: the daemon is stopping");
            return;
        }
        service.jobRan(name, Rounds.runJob(desired, job, stateDir.apply(desired), log));
    }

    void log(String line) {
        log.accept(line);
    }
}
