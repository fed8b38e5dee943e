package dev.factory.daemon;

import dev.factory.config.Desired;
import dev.factory.engine.port.ContainerEngine;
import dev.factory.kinds.container.ContainerKind;
import dev.factory.kinds.container.ContainerRequests;
import dev.factory.kinds.container.ContainerSpec;
import dev.factory.engine.port.ImageEngine;
import dev.factory.plan.Address;
import dev.factory.plan.Ownership;
import dev.factory.state.StateDir;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs a declared job once: a container from its profile, killed at its timeout, removed at its end, recorded. */
public final class JobRunner {
    static final int TIMED_OUT = 124;

    private final ContainerEngine containers;
    private final ImageEngine images;
    private final dev.factory.plan.Owner owner;
    private final StateDir state;

    public JobRunner(ContainerEngine containers, ImageEngine images, dev.factory.plan.Owner owner, StateDir state) {
        this.containers = containers;
        this.images = images;
        this.owner = owner;
        this.state = state;
    }

    public JobRecords.History run(Desired desired, JobSpec job) throws IOException {
        var profile = desired.profiles().get(job.profile());
        var tail = new ArrayDeque<String>();
        Instant start = Instant.now();
        int code;
        boolean timedOut = false;
        var image = ContainerKind.current(profile.image(), desired, images.listImages());
        if (image.id() == null) {
            tail.add("not started: " + image.why());
            code = -1;
        } else {
            String name = "factory-job-" + job.name() + "-" + UUID.randomUUID().toString().substring(0, 6);
            var spec = new ContainerSpec(name, Address.of("job", name), profile.image(), job.command(), "no", profile);
            String id = containers.create(ContainerRequests.build(spec, image.id(), Ownership.labels(owner, spec.address(), "-"), false,
                    ContainerKind.secretStore(desired)));
            var waiter = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "job-" + job.name());
                t.setDaemon(true);
                return t;
            });
            try {
                containers.start(id);
                var exit = waiter.submit(() -> containers.followAndWait(id, line -> {
                    synchronized (tail) {
                        tail.addLast(line);
                        if (tail.size() > 50) tail.removeFirst();
                    }
                }));
                try {
                    code = exit.get(job.timeout().toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    timedOut = true;
                    code = TIMED_OUT;
                    synchronized (tail) {
                        tail.addLast("killed after its timeout of " + job.timeout().toSeconds() + " s");
                    }
                } catch (ExecutionException e) {
                    code = -1;
                    tail.addLast("failed: " + e.getCause().getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    code = -1;
                    tail.addLast("interrupted");
                }
            } finally {
                containers.forceRemove(id);
                waiter.shutdownNow();
            }
        }
        List<String> lines;
        synchronized (tail) {
            lines = new ArrayList<>(tail);
        }
        return JobRecords.record(state, job.name(), new JobRecords.Run(start, Duration.between(start, Instant.now()).toMillis(), code, timedOut, lines));
    }
}
