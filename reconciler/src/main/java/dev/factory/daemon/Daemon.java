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

    public Daemon(Supplier<ConfigLoader.Result> config, Function<Desired, StateDir> stateDir, Consumer<String> log) {
        this.config = config;
        this.stateDir = stateDir;
        this.log = log;
        this.service = new Service(this, log);
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
        if (loaded.ok()) service.open(loaded, stateDir.apply(loaded.desired()));
    }

    /**
     * Runs a reconcile now, coalesced: while one is already queued, another request joins it. A
     * reconcile in flight finishes first (reconciles never overlap), then the queued one runs.
     */
    public String requestReconcile(String why) {
        if (scheduler == null || stopping()) return "the daemon is not running its schedule";
        if (!reconcileQueued.compareAndSet(false, true)) return "a reconcile is already queued";
        try {
            scheduler.triggerJob(JobKey.jobKey(RECONCILE));
        } catch (SchedulerException e) {
            reconcileQueued.set(false);
            return "could not queue a reconcile: " + e.getMessage();
        }
        log.accept("reconcile requested: " + why);
        return "reconcile queued";
    }

    /** Plans the config repo's open pull requests now (coalesced), when the daemon does pull-request plans. */
    public String requestPullRequestPlans(String why) {
        if (pullRequests == null) return "ignored: pull-request plans are not configured (source.pullRequests)";
        if (!pullsQueued.compareAndSet(false, true)) return "pull-request plans already queued";
        try {
            scheduler.triggerJob(JobKey.jobKey(PULLS));
        } catch (SchedulerException e) {
            pullsQueued.set(false);
            return "could not queue pull-request plans: " + e.getMessage();
        }
        log.accept("pull-request plans requested: " + why);
        return "pull-request plans queued";
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
        Trigger trigger = when.every() != null
                ? TriggerBuilder.newTrigger().withIdentity(name).startNow().withSchedule(SimpleScheduleBuilder.simpleSchedule()
                        .withIntervalInMilliseconds(when.every().toMillis()).repeatForever().withMisfireHandlingInstructionNextWithRemainingCount()).build()
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

    /** One reconcile: reload and fetch the config, plan, apply when autoApply, record the outcome. */
    void reconcile() throws Exception {
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
        if (service.suspended(state, "reconcile")) return;
        // a requested reconcile (factory reconcile, a webhook) runs at once; the schedule's own is spread by jitter
        if (!requested && !jitter(desired.get(ScheduleSection.SECTION).reconcile(), desired.get(ScheduleSection.SECTION).jitterPercent())) {
            log.accept("reconcile skipped: the daemon is stopping");
            return;
        }
        reschedule(desired);
        if (requested) log.accept("reconcile started (requested)");
        long start = System.nanoTime();
        try {
            var outcome = Rounds.reconcile(loaded, state, this::stopping, log);
            service.reconciled(loaded, outcome, java.time.Duration.ofNanos(System.nanoTime() - start));
        } catch (Exception e) {
            service.reconcileFailed("error");
            throw e;
        }
    }

    void driftReport() throws Exception {
        var loaded = config.get();
        if (loaded.ok()) Rounds.driftReport(loaded, stateDir.apply(loaded.desired()), log);
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
