package dev.factory.kinds.prune;

import dev.factory.secrets.SecretStore;
import dev.factory.kinds.container.ContainerSection;
import dev.factory.kinds.image.ImageSection;
import dev.factory.kinds.repo.RepoSection;
import dev.factory.config.Desired;
import dev.factory.config.Diagnostic;
import dev.factory.engine.port.DockerUnavailableException;
import dev.factory.engine.port.ContainerEngine;
import dev.factory.kinds.container.OneShot;
import dev.factory.engine.port.ImageEngine;
import dev.factory.kinds.repo.RepoSpec;
import dev.factory.plan.Action;
import dev.factory.plan.Address;
import dev.factory.plan.Change;
import dev.factory.plan.KindPlan;
import dev.factory.plan.Payload;
import dev.factory.plan.Ownership;
import dev.factory.plan.ResourceKind;
import dev.factory.state.Inventory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Prune rules as planned changes: worktrees, files, exited containers, old and dangling images,
 * build cache (deletes) and maintenance commands (runs when due). Apply re-checks each object
 * before removing it.
 */
public final class PruneKind implements ResourceKind {
    public static final String COMMAND = "command";
    /** Address kinds of what prune rules sweep: not managed objects, so outside the guard's half rule. */
    public static final java.util.Set<String> SWEEP_KINDS = java.util.Set.of("worktree", "prune-file", "prune-container", "prune-image", "build-cache", COMMAND);

    /** A maintenance command still running after this long is killed, so one hung command cannot hold an apply forever. */
    static final Duration COMMAND_TIMEOUT = Duration.ofHours(1);

    private final ContainerEngine containers;
    private final ImageEngine images;
    private final BuildCache buildCache;
    private final WorktreeGit git;
    private final OneShot oneShot;
    private final dev.factory.plan.Owner owner;
    private final Inventory inventory;

    public PruneKind(ContainerEngine containers, ImageEngine images, BuildCache buildCache, WorktreeGit git, dev.factory.plan.Owner owner,
                     Inventory inventory) {
        this.containers = containers;
        this.images = images;
        this.buildCache = buildCache;
        this.git = git;
        this.oneShot = new OneShot(containers, images, owner);
        this.owner = owner;
        this.inventory = inventory;
    }

    @Override
    public String kind() {
        return "prune";
    }

    @Override
    public java.util.Set<String> plannedAfter() {
        return java.util.Set.of("repo", "container", "image");
    }

    @Override
    public List<String> addressKinds() {
        return List.of(WorktreeScanner.KIND, FileScanner.KIND, DockerScanner.CONTAINER, DockerScanner.IMAGE, DockerScanner.BUILD_CACHE, COMMAND);
    }

    @Override
    public KindPlan plan(Desired desired, Map<Address, Change> earlier) {
        PruneSpec spec = desired.get(PruneSection.SECTION);
        Instant now = Instant.now();
        var candidates = new ArrayList<Candidate>();
        var notes = new ArrayList<Diagnostic>();
        var extra = new ArrayList<Change>();
        var declaredRepos = desired.get(RepoSection.SECTION).values().stream().map(RepoSpec::path).toList();
        for (var rule : spec.worktrees()) {
            for (RepoSpec repo : desired.get(RepoSection.SECTION).values()) {
                if (!rule.repo().equals("*") && !rule.repo().equals(repo.name())) continue;
                try {
                    candidates.addAll(WorktreeScanner.scan(repo, rule, declaredRepos, now, notes, git).candidates());
                } catch (IOException e) {
                    notes.add(Diagnostic.warning(repo.at(), "prune.worktrees", "repo/" + repo.name() + ": cannot read its worktrees: " + e.getMessage()));
                }
            }
        }
        for (int i = 0; i < spec.files().size(); i++) {
            var rule = spec.files().get(i);
            try {
                candidates.addAll(FileScanner.scan(rule, "files[" + i + "]", now).candidates());
            } catch (IOException e) {
                notes.add(Diagnostic.warning(null, "prune.files", "cannot scan " + rule.glob() + " for prune candidates: " + e.getMessage()));
            }
        }
        try {
            if (spec.containers() != null) {
                Set<String> declared = ContainerSection.containers(desired).values().stream().map(c -> c.address().toString()).collect(Collectors.toSet());
                DockerScanner.containers(spec.containers(), owner, declared, containers, now, candidates);
            }
            if (spec.images() != null) {
                DockerScanner.images(spec.images(), owner, dev.factory.kinds.image.RecordedBuild.builtIds(inventory), images.listImages(), now, candidates);
            }
            if (spec.buildCacheMax() != null) DockerScanner.buildCache(spec.buildCacheMax(), buildCache.bytes(), candidates);
        } catch (DockerUnavailableException e) {
            notes.add(Diagnostic.warning(null, "prune.docker", "Docker prune rules skipped: " + e.getMessage()));
        }
        for (var command : spec.commands()) {
            var profile = desired.get(ContainerSection.SECTION).profiles().get(command.profile());
            var deps = desired.get(ImageSection.SECTION).containsKey(profile.image()) ? List.of(Address.of("image", profile.image())) : List.<Address>of();
            extra.add(commandChange(command, now, deps));
        }
        DiskUsage usage = null;
        try {
            usage = DiskUsage.of(spec.disk().path());
        } catch (IOException e) {
            notes.add(Diagnostic.warning(null, "host.disk", "cannot read disk use of " + spec.disk().path() + ": " + e.getMessage()));
        }
        return PrunePlanner.plan(candidates, usage, spec.disk(), extra, notes);
    }

    private Change commandChange(PruneSpec.CommandRule rule, Instant now, List<Address> dependsOn) {
        Address address = Address.of(COMMAND, rule.name());
        var last = inventory.get(address.toString()).map(Inventory.Entry::updatedAt).orElse(null);
        var after = PrunePayload.command(rule.profile(), rule.command());
        if (last == null) return Change.of(address, Action.UPDATE, "due: never ran (every " + rule.every() + ")", null, after, dependsOn);
        Duration since = Duration.between(last, now);
        if (since.compareTo(rule.every().duration()) >= 0) {
            return Change.of(address, Action.UPDATE, "due: last ran " + human(since) + " ago (every " + rule.every() + ")",
                    PrunePayload.lastRun(last.toString()), after, dependsOn);
        }
        return Change.of(address, Action.NO_OP, "ran " + human(since) + " ago; next in " + human(rule.every().duration().minus(since)),
                PrunePayload.lastRun(last.toString()), after, List.of());
    }

    private static String human(Duration d) {
        long m = d.toMinutes();
        return m < 120 ? m + "m" : m < 2880 ? d.toHours() + "h" : d.toDays() + "d";
    }

    @Override
    public void apply(Change change, Desired desired) throws Exception {
        var seen = change.before() == null ? PrunePayload.lastRun(null) : Payload.read(change.before(), PrunePayload.class);
        switch (change.address().kind()) {
            case WorktreeScanner.KIND -> {
                var repo = desired.get(RepoSection.SECTION).values().stream().filter(r -> r.path().toString().equals(seen.repo())).findFirst()
                        .orElseThrow(() -> new IOException(change.address() + ": its repo is no longer declared; left alone"));
                var disposable = desired.get(PruneSection.SECTION).worktrees().stream().filter(w -> w.repo().equals("*") || w.repo().equals(repo.name()))
                        .flatMap(w -> w.ignoredDisposable().stream()).distinct().toList();
                WorktreeScanner.remove(repo, seen.id(), seen.head(), Boolean.TRUE.equals(seen.gone()), disposable,
                        desired.get(RepoSection.SECTION).values().stream().map(RepoSpec::path).toList(), git);
            }
            case FileScanner.KIND -> FileScanner.delete(change.address(), Path.of(seen.root()), Path.of(seen.path()), seen.bytes(), seen.files(), seen.mtime());
            case DockerScanner.CONTAINER -> {
                var now = containers.listContainers().stream().filter(c -> c.id().equals(seen.id())).findFirst().orElse(null);
                if (now == null) return;
                if (!"exited".equals(now.state()) && !"dead".equals(now.state())) {
                    throw new IOException(change.address() + ": the container is " + now.state() + " now; left alone");
                }
                containers.stopAndRemove(seen.id());
            }
            case DockerScanner.IMAGE -> {
                for (String ref : seen.tags().isEmpty() ? List.of(seen.id()) : seen.tags()) images.remove(ref);
            }
            case DockerScanner.BUILD_CACHE -> buildCache.prune(seen.keep());
            case COMMAND -> runCommand(change, desired);
            default -> throw new IllegalArgumentException(change.address() + ": not a prune address");
        }
    }

    private void runCommand(Change change, Desired desired) throws IOException {
        var rule = desired.get(PruneSection.SECTION).commands().stream().filter(c -> c.name().equals(change.address().name())).findFirst()
                .orElseThrow(() -> new IOException(change.address() + " is no longer declared"));
        var profile = desired.get(ContainerSection.SECTION).profiles().get(rule.profile());
        String name = "factory-command-" + rule.name() + "-" + UUID.randomUUID().toString().substring(0, 6);
        OneShot.Result result;
        try {
            result = oneShot.run(desired, OneShot.Request.of(name, COMMAND, profile, rule.command()), COMMAND_TIMEOUT, 20, line -> { });
        } catch (OneShot.NoImage e) {
            throw new IOException(change.address() + ": " + e.why(), e);
        }
        if (result.exitCode() != 0) throw new IOException(change.address() + " exited with " + result.exitCode() + ": " + result.tailJoined());
        inventory.put(change.address().toString(), new Inventory.Entry(COMMAND, rule.name(), null, Instant.now(), Inventory.fields("command", String.join(" ", rule.command()))));
    }
}
