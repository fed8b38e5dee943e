package dev.factory.kinds.repo;

import dev.factory.config.Desired;
import dev.factory.config.Diagnostic;
import dev.factory.runtime.Workers;
import dev.factory.plan.Action;
import dev.factory.plan.Address;
import dev.factory.plan.Change;
import dev.factory.plan.KindPlan;
import dev.factory.plan.ResourceKind;
import dev.factory.state.Inventory;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/** Repository clones: cloned when missing, origin fixed, clean branches fast-forwarded; never deleted. */
public final class RepoKind implements ResourceKind {
    /** Clones observed at once during a plan. */
    static final int OBSERVERS = 8;
    private final Inventory inventory;
    private final dev.factory.state.StateDir stateDir;

    private final boolean fetch;
    private final Clones clones;

    /** @param fetch false for a pull request's plan: its repo URLs are not fetched from the host */
    private final java.util.function.Consumer<String> progress;

    private final boolean refresh;

    /** @param refresh fetch every remote now, whatever the repo's interval ({@code --refresh}) */
    public RepoKind(Clones clones, Inventory inventory, dev.factory.state.StateDir stateDir, boolean fetch, boolean refresh,
                    java.util.function.Consumer<String> progress) {
        this.refresh = refresh;
        this.progress = progress;
        this.clones = clones;
        this.inventory = inventory;
        this.stateDir = stateDir;
        this.fetch = fetch;
    }

    @Override
    public String kind() {
        return RepoPlanner.KIND;
    }

    private static RepoState await(Future<RepoState> observation) throws IOException {
        try {
            return observation.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the clone", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            throw new IOException(String.valueOf(e.getCause().getMessage()), e.getCause());
        }
    }

    @Override
    public KindPlan plan(Desired desired, Map<Address, Change> earlier) {
        var changes = new ArrayList<Change>();
        var diagnostics = new ArrayList<Diagnostic>();
        var observed = new TreeMap<String, String>();
        var specs = List.copyOf(new TreeMap<>(desired.get(RepoSection.SECTION)).values());
        // each observation is a fetch plus a status: I/O-bound, so clones are read side by side
        var observations = new ArrayList<Future<RepoState>>();
        // a plan writes nothing into a clone: it fetches into the state dir's cache (once that exists)
        var fetch = !this.fetch ? Clones.Fetch.NONE
                : Clones.Fetch.intoCache(Files.isDirectory(stateDir.root()) ? stateDir.remotesCacheDir() : null, refresh);
        ExecutorService pool = Workers.pool(Math.min(OBSERVERS, specs.size()), "repo-observe");
        try {
            for (RepoSpec spec : specs) observations.add(pool.submit(() -> clones.observe(spec, fetch)));
            for (int i = 0; i < specs.size(); i++) {
                RepoSpec spec = specs.get(i);
                Address address = Address.of(RepoPlanner.KIND, spec.name());
                try {
                    RepoState state = await(observations.get(i));
                    observed.put(address.toString(), state.fingerprint());
                    changes.add(RepoPlanner.plan(spec, state, diagnostics));
                } catch (IOException e) {
                    changes.add(new Change(address, Action.UNKNOWN, e.getMessage(), null, null, List.of()));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        clones.retain(specs, fetch);   // a repo no longer declared leaves nothing kept in the state dir's caches
        // a clone factory made and no longer declared is reported, never removed: it may hold work
        inventory.all().forEach((address, entry) -> {
            if (!RepoPlanner.KIND.equals(entry.kind())) return;
            if (desired.get(RepoSection.SECTION).containsKey(Address.parse(address).name())) return;
            changes.add(new Change(Address.parse(address), Action.NO_OP,
                    "no longer declared; the clone at " + entry.id() + " is kept (factory never deletes a clone)", null, null, List.of()));
        });
        return new KindPlan(changes, diagnostics, observed);
    }

    @Override
    public void apply(Change change, Desired desired) throws Exception {
        RepoSpec spec = desired.get(RepoSection.SECTION).get(change.address().name());
        switch (change.action()) {
            case CREATE -> cloneRepo(spec);
            case UPDATE -> update(spec);
            default -> throw new IllegalArgumentException(change.address() + ": nothing to apply for " + change.action().word());
        }
        inventory.put(change.address().toString(), new Inventory.Entry(RepoPlanner.KIND, spec.path().toString(), null, Instant.now(), Inventory.fields("url", spec.url())));
    }

    /**
     * Clones into a hidden sibling and renames it into place, so a clone killed halfway leaves no
     * half-made repository at the declared path (which the next plan would have to refuse as "not
     * a repo"), only the sibling, which the next clone removes.
     */
    private void cloneRepo(RepoSpec spec) throws IOException {
        RepoState now = clones.observe(spec, Clones.Fetch.NONE);
        if (now.presence() != RepoState.Presence.MISSING && now.presence() != RepoState.Presence.EMPTY_DIR) {
            throw new IOException("repo/" + spec.name() + ": " + spec.path() + " appeared after the plan was made; not cloning over it");
        }
        Files.createDirectories(spec.path().getParent());
        java.nio.file.Path partial = partialClone(spec);
        removePartial(partial);
        try {
            clones.cloneInto(spec, partial, progress);
        } catch (IOException e) {
            removePartial(partial);
            throw e;
        }
        if (now.presence() == RepoState.Presence.EMPTY_DIR) Files.delete(spec.path());
        Files.move(partial, spec.path(), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** A clone a killed apply left half made beside the target: removed by handle, no link followed. */
    private static void removePartial(java.nio.file.Path partial) throws IOException {
        dev.factory.fs.TrustedPath.removeTree(partial);
    }

    /** Where a clone is made before it is renamed to {@code spec.path()}: beside it, so the rename stays on one filesystem. */
    static java.nio.file.Path partialClone(RepoSpec spec) {
        return spec.path().resolveSibling("." + spec.path().getFileName() + ".factory-clone");
    }

    /** Sets origin, then fast-forwards only when the clone is still clean, on its branch and strictly behind. */
    private void update(RepoSpec spec) throws IOException {
        clones.setOrigin(spec);
        RepoState s = clones.observe(spec, Clones.Fetch.INTO_CLONE);
        if (s.behind() == 0 || s.ahead() > 0 || s.dirty() || !spec.branch().equals(s.currentBranch())) return;
        if (!s.filterDrivers().isEmpty()) {
            throw new IOException("repo/" + spec.name() + ": not fast-forwarded: the clone's config sets filter driver "
                    + String.join(", ", s.filterDrivers()) + ", a program factory does not run");
        }
        clones.fastForward(spec);
    }
}
