package dev.factory.daemon;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/** The daemon's Quartz jobs: each one step of {@link Daemon}, never overlapping itself. */
final class Steps {
    private Steps() {}

    @DisallowConcurrentExecution
    public static final class ReconcileJob extends Step {
        ReconcileJob(Daemon d) {
            super(d, "reconcile");
        }

        @Override
        void step(JobExecutionContext context) throws Exception {
            daemon.reconcile(context.getMergedJobDataMap().getBooleanValue(Daemon.TARGETED));
        }
    }

    @DisallowConcurrentExecution
    public static final class DriftJob extends Step {
        DriftJob(Daemon d) {
            super(d, "drift report");
        }

        @Override
        void step(JobExecutionContext context) throws Exception {
            daemon.driftReport();
        }
    }

    @DisallowConcurrentExecution
    public static final class PullRequestsJob extends Step {
        PullRequestsJob(Daemon d) {
            super(d, "pull-request plans");
        }

        @Override
        void step(JobExecutionContext context) throws Exception {
            daemon.planPullRequests();
        }
    }

    @DisallowConcurrentExecution
    public static final class ContainerJob extends Step {
        private final String job;

        ContainerJob(Daemon d, String job) {
            super(d, "job " + job);
            this.job = job;
        }

        @Override
        void step(JobExecutionContext context) throws Exception {
            daemon.runJob(job);
        }
    }

    /** A scheduled step: skipped once the daemon is stopping; a failure is logged, never thrown into Quartz. */
    abstract static class Step implements Job {
        final Daemon daemon;
        private final String what;

        Step(Daemon daemon, String what) {
            this.daemon = daemon;
            this.what = what;
        }

        abstract void step(JobExecutionContext context) throws Exception;

        @Override
        public void execute(JobExecutionContext context) {
            if (daemon.stopping()) return;
            daemon.running(what);
            try {
                step(context);
            } catch (Exception e) {
                daemon.log(what + " failed: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            } finally {
                daemon.running(null);
            }
        }
    }
}
