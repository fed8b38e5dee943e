package dev.factory.engine;

import dev.factory.apply.Applier;
import dev.factory.apply.ApplyOptions;
import dev.factory.apply.ApplyResult;
import dev.factory.config.Desired;
import dev.factory.config.Diagnostic;
import dev.factory.docker.DockerGateway;
import dev.factory.kinds.container.ContainerKind;
import dev.factory.kinds.file.FileKind;
import dev.factory.kinds.prune.PruneKind;
import dev.factory.kinds.runner.RunnerKind;
import dev.factory.kinds.runner.Systemd;
import dev.factory.kinds.image.ImageBuilder;
import dev.factory.kinds.network.NetworkKind;
import dev.factory.kinds.repo.RepoKind;
import dev.factory.kinds.volume.VolumeKind;
import dev.factory.kinds.image.ImageKind;
import dev.factory.plan.Change;
import dev.factory.runtime.Timing;
import dev.factory.plan.Plan;
import dev.factory.plan.Planner;
import dev.factory.plan.ResourceKind;
import dev.factory.state.Inventory;
import dev.factory.state.Journal;
import dev.factory.state.StateDir;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The one entry point the CLI and the daemon share: plan the desired state against the live host,
 * and apply a plan. Callers hold the {@link dev.factory.state.StateLock} around an apply.
 */
public final class Reconciler implements AutoCloseable {
    private final Desired desired;
    private final List<Diagnostic> configDiagnostics;
    private final StateDir stateDir;
    private final DockerGateway docker;
    private final Inventory inventory;
    private final Map<String, ResourceKind> kinds = new java.util.LinkedHashMap<>();

    private final Consumer<String> progress;
    private dev.factory.plan.Owner owner;
    /** Planning a pull request's config: read-only, and nothing the config names is fetched. */
    private boolean review;

    private Reconciler(Desired desired, List<Diagnostic> configDiagnostics, StateDir stateDir, DockerGateway docker,
                       Inventory inventory, dev.factory.plan.Owner owner, Consumer<String> progress) {
        this.desired = desired;
        this.configDiagnostics = List.copyOf(configDiagnostics);
        this.stateDir = stateDir;
        this.docker = docker;
        this.inventory = inventory;
        this.owner = owner;
        this.progress = progress;
        registerKinds();
    }

    /** The kinds, in planning order: containers read the image changes; network deletes wait for container deletes. */
    private void registerKinds() {
        planningOrder.clear();
        kinds.clear();
        var images = docker.images();
        var networksAndVolumes = docker.networksAndVolumes();
        register(new ImageKind(images, owner, inventory, stateDir, new ImageBuilder(images, owner, inventory, stateDir, progress)));
        register(new ContainerKind(docker.containers(), images, owner, inventory));
        register(new NetworkKind(networksAndVolumes, owner));
        register(new VolumeKind(networksAndVolumes, owner));
        register(new RepoKind(inventory, stateDir, !review));
        register(new FileKind(inventory, stateDir));
        register(new PruneKind(docker, docker.containers(), images, owner, inventory));
        register(new RunnerKind(System.getenv(), new dev.factory.systemd.Systemctl(desired.host().systemctl()), docker.containers(), images, owner, inventory, progress));
    }

    private final java.util.List<ResourceKind> planningOrder = new java.util.ArrayList<>();

    private void register(ResourceKind kind) {
        planningOrder.add(kind);
        kind.addressKinds().forEach(k -> kinds.put(k, kind));
    }

    /**
     * Adopts objects of another lineage into this one ({@code factory import}); the caller holds
     * the state lock. Makes the lineage first when there is none.
     */
    public dev.factory.plan.Owner adopt(java.util.Set<String> ids) throws IOException {
        var made = Owners.forCreating(stateDir, desired.host(), docker);
        var lineage = dev.factory.state.Lineage.read(stateDir).orElseThrow().adopt(stateDir, ids);
        owner = new dev.factory.plan.Owner(made.lineage(), made.name(), lineage.adopted(), false);
        registerKinds();
        return owner;
    }

    /** Who this reconciler acts as: its state dir's lineage (none before the first apply). */
    public dev.factory.plan.Owner owner() {
        return owner;
    }

    /** A reconciler that only plans a config under review (a pull request's): its repos are not fetched, and it never applies. */
    public static Reconciler openForReview(Desired desired, List<Diagnostic> configDiagnostics, StateDir stateDir) throws IOException {
        var reconciler = open(desired, configDiagnostics, stateDir, line -> { });
        reconciler.review = true;
        reconciler.registerKinds();
        return reconciler;
    }

    public static Reconciler open(Desired desired, List<Diagnostic> configDiagnostics, StateDir stateDir,
                                  Consumer<String> progress) throws IOException {
        long t = System.nanoTime();
        Inventory inventory = Inventory.load(stateDir);
        DockerGateway docker = DockerGateway.connect(DockerGateway.endpoint(desired.host()));
        var reconciler = new Reconciler(desired, configDiagnostics, stateDir, docker, inventory, Owners.forPlanning(stateDir, desired.host()), progress);
        Timing.mark("reconciler: open", t);
        return reconciler;
    }

    public StateDir stateDir() {
        return stateDir;
    }

    public Desired desired() {
        return desired;
    }

    public Plan plan() {
        Plan plan;
        docker.beginObservation();
        try {
            plan = Planner.plan(desired, List.copyOf(planningOrder), configDiagnostics);
        } finally {
            docker.endObservation();
        }
        var guard = blastRadius(plan).diagnostic();
        return guard.isEmpty() ? plan : plan.withDiagnostics(List.of(guard.get()));
    }

    public dev.factory.plan.BlastRadius blastRadius(Plan plan) {
        return dev.factory.plan.BlastRadius.of(plan, desired.prune().maxDeletions(), PruneKind.SWEEP_KINDS);
    }

    /** Applies {@code plan}'s mutating changes in dependency order, journaling each. */
    public ApplyResult apply(Plan plan, ApplyOptions options, Consumer<String> progress) throws IOException, InterruptedException {
        if (plan.hasErrors()) throw new IllegalStateException("refusing to apply a plan with errors");
        if (review) throw new IllegalStateException("a plan under review is never applied");
        if (owner.lineage() == null) {
            // the first apply makes the state dir's lineage (a legacy state dir adopts its old objects, once)
            owner = Owners.forCreating(stateDir, desired.host(), docker);
            registerKinds();
        }
        sweepLeftovers();
        String run = Instant.now().toString() + "-" + ProcessHandle.current().pid();
        try (Journal journal = Journal.open(stateDir, run)) {
            journal.event("run-start", null, null, null, plan.mutating().size() + " changes");
            ApplyResult result = new Applier(options, journal, progress).apply(plan, this::execute);
            journal.event("run-end", null, null, result.succeeded() ? "ok" : "incomplete",
                    result.count(dev.factory.apply.ApplyResult.Status.FAILED) + " failed");
            return result;
        }
    }

    /** Plans again after an apply and records what it converged to, for the drift report's classification. */
    public Plan afterApply() throws IOException {
        Plan after = plan();
        dev.factory.report.LastApply.record(stateDir, after);
        return after;
    }

    /** Temp files a killed apply left in the state dir; safe to drop because the caller holds the lock. */
    private void sweepLeftovers() throws IOException {
        if (!java.nio.file.Files.isDirectory(stateDir.root())) return;
        try (var files = java.nio.file.Files.list(stateDir.root())) {
            for (var f : files.toList()) {
                String name = f.getFileName().toString();
                if (name.startsWith(".context-") || name.contains(".tmp-")) java.nio.file.Files.deleteIfExists(f);
            }
        }
    }

    private void execute(Change change) throws Exception {
        ResourceKind kind = kinds.get(change.address().kind());
        if (kind == null) throw new IllegalStateException(change.address() + ": no kind '" + change.address().kind() + "' is registered");
        kind.apply(change, desired);
    }

    @Override
    public void close() throws IOException {
        docker.close();
    }
}
