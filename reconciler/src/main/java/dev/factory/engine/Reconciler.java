package dev.factory.engine;

import dev.factory.apply.Applier;
import dev.factory.apply.ApplyOptions;
import dev.factory.apply.ApplyResult;
import dev.factory.config.Desired;
import dev.factory.config.Diagnostic;
import dev.factory.engine.port.LabelledObjects;
import dev.factory.plan.BlastRadius;
import dev.factory.plan.Change;
import dev.factory.plan.Owner;
import dev.factory.plan.Plan;
import dev.factory.plan.Planner;
import dev.factory.plan.ResourceKind;
import dev.factory.runtime.Timing;
import dev.factory.state.Inventory;
import dev.factory.state.Journal;
import dev.factory.state.LastApply;
import dev.factory.state.Lineage;
import dev.factory.state.StateDir;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Plans a desired state against the live host and applies a plan, through the kinds it is given
 * (the registry's modules) and the ports they ask for. It names no kind and no adapter. Callers
 * hold the {@link dev.factory.state.StateLock} around an apply; {@link Converge} is the one flow
 * that does.
 */
public final class Reconciler implements AutoCloseable {
    private final Desired desired;
    private final List<Diagnostic> configDiagnostics;
    private final StateDir stateDir;
    private final Ports ports;
    private final List<KindModule> modules;
    private final Inventory inventory;
    private final Consumer<String> progress;
    /** Planning a pull request's config: read-only, and nothing the config names is fetched. */
    private final boolean review;
    private final Map<String, ResourceKind> byAddressKind = new LinkedHashMap<>();
    private final List<ResourceKind> planningOrder = new ArrayList<>();
    private Owner owner;
    private boolean refresh;

    private Reconciler(Desired desired, List<Diagnostic> configDiagnostics, StateDir stateDir, Ports ports, List<KindModule> modules,
                       Inventory inventory, Owner owner, Consumer<String> progress, boolean review) {
        Desired sliced = desired;
        for (KindModule module : modules) sliced = module.slice(sliced, ports);
        this.desired = sliced;
        this.configDiagnostics = List.copyOf(configDiagnostics);
        this.stateDir = stateDir;
        this.ports = ports;
        this.modules = List.copyOf(modules);
        this.inventory = inventory;
        this.owner = owner;
        this.progress = progress;
        this.review = review;
        buildKinds();
    }

    /**
     * A reconciler for {@code desired}, acting through {@code ports} (closed with it) with the
     * kinds of {@code modules}, in their order: the plan lists changes in it.
     */
    public static Reconciler open(Desired desired, List<Diagnostic> configDiagnostics, StateDir stateDir, Ports ports,
                                  List<KindModule> modules, Consumer<String> progress) throws IOException {
        return open(desired, configDiagnostics, stateDir, ports, modules, progress, false);
    }

    /** A reconciler that only plans a config under review (a pull request's): its repos are not fetched, and it never applies. */
    public static Reconciler openForReview(Desired desired, List<Diagnostic> configDiagnostics, StateDir stateDir, Ports ports,
                                           List<KindModule> modules) throws IOException {
        return open(desired, configDiagnostics, stateDir, ports, modules, line -> { }, true);
    }

    private static Reconciler open(Desired desired, List<Diagnostic> configDiagnostics, StateDir stateDir, Ports ports,
                                   List<KindModule> modules, Consumer<String> progress, boolean review) throws IOException {
        long t = System.nanoTime();
        var kept = ports.has(Inventory.Kept.class) ? ports.get(Inventory.Kept.class) : null;   // a long-running process's
        var reconciler = new Reconciler(desired, configDiagnostics, stateDir, ports, modules, Inventory.load(stateDir, kept),
                Owners.forPlanning(stateDir, desired.host()), progress, review);
        Timing.mark("reconciler: open", t);
        return reconciler;
    }

    /** {@code --refresh}: observe afresh what kinds may reuse (repos fetch now, whatever their interval). */
    public Reconciler refresh() {
        refresh = true;
        buildKinds();
        return this;
    }

    /** The kinds, built for the current owner: it changes when the first apply makes the lineage. */
    private void buildKinds() {
        planningOrder.clear();
        byAddressKind.clear();
        var ctx = new KindContext(ports, owner, inventory, stateDir, progress, review, this::renderedFiles, refresh);
        for (KindModule module : modules) {
            for (ResourceKind kind : module.resourceKinds(ctx)) {
                planningOrder.add(kind);
                for (String addressKind : kind.addressKinds()) {
                    var earlier = byAddressKind.putIfAbsent(addressKind, kind);
                    if (earlier != null) throw new IllegalStateException("two kinds plan '" + addressKind + "' addresses: " + earlier.kind() + " and " + kind.kind());
                }
            }
        }
    }

    /** Every file the modules render, in registry order (the file kind adds its declared files first). */
    private List<RenderedFile> renderedFiles(Desired d) {
        var ctx = new KindContext(ports, owner, inventory, stateDir, progress, review, x -> List.of(), refresh);
        var out = new ArrayList<RenderedFile>();
        for (KindModule module : modules) out.addAll(module.renderedFiles(d, ctx));
        return out;
    }

    /**
     * Adopts objects of another lineage into this one ({@code factory import}); the caller holds
     * the state lock. Makes the lineage first when there is none.
     */
    public Owner adopt(Set<String> ids) throws IOException {
        var made = Owners.forCreating(stateDir, desired.host(), ports.get(LabelledObjects.class));
        var lineage = Lineage.read(stateDir).orElseThrow().adopt(stateDir, ids);
        owner = new Owner(made.lineage(), made.name(), lineage.adopted(), false);
        buildKinds();
        return owner;
    }

    /** Who this reconciler acts as: its state dir's lineage (none before the first apply). */
    public Owner owner() {
        return owner;
    }

    public StateDir stateDir() {
        return stateDir;
    }

    public Desired desired() {
        return desired;
    }

    public Plan plan() {
        long t = System.nanoTime();
        Plan plan = ports.observing(() -> Planner.plan(desired, List.copyOf(planningOrder), configDiagnostics));
        Timing.mark("plan: every kind", t);
        var guard = blastRadius(plan).diagnostic();
        return guard.isEmpty() ? plan : plan.withDiagnostics(List.of(guard.get()));
    }

    /** The mass-delete guard for {@code plan}: the limit the config sets (or the default), sweeps counted apart. */
    public BlastRadius blastRadius(Plan plan) {
        int max = modules.stream().map(m -> m.maxDeletions(desired)).filter(java.util.OptionalInt::isPresent)
                .mapToInt(java.util.OptionalInt::getAsInt).findFirst().orElse(BlastRadius.DEFAULT_MAX_DELETIONS);
        var sweeps = new java.util.HashSet<String>();
        modules.forEach(m -> sweeps.addAll(m.sweepKinds()));
        return BlastRadius.of(plan, max, sweeps);
    }

    /** The address kinds whose deletes are sweeps, for views that show them apart. */
    public Set<String> sweepKinds() {
        var sweeps = new java.util.TreeSet<String>();
        modules.forEach(m -> sweeps.addAll(m.sweepKinds()));
        return sweeps;
    }

    /** Applies {@code plan}'s mutating changes in dependency order, journaling each. */
    public ApplyResult apply(Plan plan, ApplyOptions options, Consumer<String> progress) throws IOException, InterruptedException {
        if (plan.hasErrors()) throw new IllegalStateException("refusing to apply a plan with errors");
        if (review) throw new IllegalStateException("a plan under review is never applied");
        if (owner.lineage() == null) {
            // the first apply makes the state dir's lineage (a legacy state dir adopts its old objects, once)
            owner = Owners.forCreating(stateDir, desired.host(), ports.get(LabelledObjects.class));
            buildKinds();
        }
        sweepLeftovers();
        String run = Instant.now().toString() + "-" + ProcessHandle.current().pid();
        try (Journal journal = Journal.open(stateDir, run)) {
            journal.event("run-start", null, null, null, plan.mutating().size() + " changes");
            ApplyResult result = new Applier(options, journal, progress).apply(plan, this::execute);
            journal.event("run-end", null, null, result.succeeded() ? "ok" : "incomplete",
                    result.count(ApplyResult.Status.FAILED) + " failed");
            return result;
        }
    }

    /** Plans again after an apply and records what it converged to, for the drift report's classification. */
    public Plan afterApply() throws IOException {
        Plan after = plan();
        LastApply.record(stateDir, after);
        return after;
    }

    /** Temp files a killed apply left in the state dir; safe to drop because the caller holds the lock. */
    private void sweepLeftovers() throws IOException {
        if (!Files.isDirectory(stateDir.root())) return;
        try (var files = Files.list(stateDir.root())) {
            for (var f : files.toList()) {
                String name = f.getFileName().toString();
                if (name.startsWith(".context-") || name.contains(".tmp-")) Files.deleteIfExists(f);
            }
        }
    }

    private void execute(Change change) throws Exception {
        ResourceKind kind = byAddressKind.get(change.address().kind());
        if (kind == null) throw new IllegalStateException(change.address() + ": no kind '" + change.address().kind() + "' is registered");
        kind.apply(change, desired);
    }

    @Override
    public void close() throws IOException {
        ports.close();
    }
}
