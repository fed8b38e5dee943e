package dev.factory.app;

import dev.factory.config.Desired;
import dev.factory.config.Diagnostic;
import dev.factory.config.HostSpec;
import dev.factory.docker.DockerGateway;
import dev.factory.engine.Owners;
import dev.factory.engine.Ports;
import dev.factory.engine.Reconciler;
import dev.factory.engine.port.ContainerEngine;
import dev.factory.engine.port.ImageEngine;
import dev.factory.engine.port.LabelledObjects;
import dev.factory.git.JgitClones;
import dev.factory.git.JgitWorktrees;
import dev.factory.github.GitHubRunners;
import dev.factory.kinds.container.OneShot;
import dev.factory.kinds.network.NetworkEngine;
import dev.factory.kinds.prune.BuildCache;
import dev.factory.kinds.prune.WorktreeGit;
import dev.factory.kinds.repo.Clones;
import dev.factory.kinds.runner.RunnerRegistry;
import dev.factory.kinds.runner.Systemd;
import dev.factory.kinds.volume.VolumeEngine;
import dev.factory.plan.Owner;
import dev.factory.state.StateDir;
import dev.factory.systemd.Systemctl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The composition root: the real adapters (Docker, jgit, GitHub, systemd) behind the ports the
 * kinds declare, and the reconcilers and one-shot runners the commands and the daemon use.
 */
public final class Adapters {
    private Adapters() {}

    /** The ports for {@code host}: its Docker engine (connected lazily by docker-java), git, GitHub with {@code env}'s token, systemd. */
    public static Ports open(HostSpec host, Map<String, String> env) {
        return open(host, env, null, null);
    }

    /**
     * As {@link #open(HostSpec, Map)}; with {@code warm}, a long-running process's plans reuse what
     * it kept; without it, with {@code stateDir}, a plan reuses what the last process read of each
     * unchanged clone ({@link JgitClones} with {@link dev.factory.git.WarmClones#persisted}), as the
     * daemon's do in memory. Only a state dir that exists is used: a plan never creates it.
     */
    private static Ports open(HostSpec host, Map<String, String> env, Warm warm, StateDir stateDir) {
        DockerGateway docker = DockerGateway.connect(DockerGateway.endpoint(host));
        var ports = Ports.builder();
        if (warm != null) {
            docker.keepWarm(warm.lists(docker.endpoint()));
            ports.put(dev.factory.state.Inventory.Kept.class, warm.inventory());
            var contexts = warm.contexts();
            if (contexts != null) ports.put(dev.factory.kinds.image.WarmContexts.class, contexts);
            var files = warm.files();
            if (files != null) ports.put(dev.factory.kinds.file.WarmFiles.class, files);
        }
        return ports
                .put(ContainerEngine.class, docker.containers())
                .put(ImageEngine.class, docker.images())
                .put(NetworkEngine.class, docker.networksAndVolumes())
                .put(dev.factory.kinds.swarm.SwarmEngine.class, docker.swarm())
                .put(dev.factory.kinds.swarm.DeclaredJobs.class, new dev.factory.schedule.JobWorkloads())
                .put(VolumeEngine.class, docker.networksAndVolumes())
                .put(LabelledObjects.class, docker)
                .put(BuildCache.class, docker)
                .put(DockerGateway.class, docker)
                .put(Clones.class, warm != null ? new JgitClones(warm.repos(), warm.clones())
                        : stateDir != null && Files.isDirectory(stateDir.root(), LinkOption.NOFOLLOW_LINKS)
                        ? new JgitClones(null, dev.factory.git.WarmClones.persisted(stateDir.cloneCacheDir())) : new JgitClones())
                .put(WorktreeGit.class, new JgitWorktrees())
                .put(RunnerRegistry.Opener.class, GitHubRunners.opener(env))
                .put(Systemd.class, new Systemctl(host.systemctl()))
                .observation(docker)
                .closing(docker)
                .build();
    }

    /** A reconciler for {@code desired} with every registered kind, on this host's adapters. */
    public static Reconciler reconciler(Desired desired, List<Diagnostic> diagnostics, StateDir stateDir, Consumer<String> progress)
            throws IOException {
        return Reconciler.open(desired, diagnostics, stateDir, open(desired.host(), System.getenv(), null, stateDir), Registry.kinds(), progress);
    }

    /**
     * A reconciler as above whose plans reuse what {@code warm} kept from this process's earlier
     * ones while nothing changed since (see {@link Warm}): the daemon's plan server, bench-plan.
     */
    public static Reconciler reconciler(Desired desired, List<Diagnostic> diagnostics, StateDir stateDir, Consumer<String> progress,
                                        Warm warm) throws IOException {
        return Reconciler.open(desired, diagnostics, stateDir, open(desired.host(), System.getenv(), warm, null), Registry.kinds(), progress);
    }

    /** A reconciler that only plans a config under review (a pull request's). */
    public static Reconciler reviewer(Desired desired, List<Diagnostic> diagnostics, StateDir stateDir) throws IOException {
        return Reconciler.openForReview(desired, diagnostics, stateDir, open(desired.host(), System.getenv()), Registry.kinds());
    }

    /** Who commands that create things act as: the state dir's lineage, made when there is none. */
    public static Owner creatingOwner(StateDir stateDir, Desired desired, Ports ports) throws IOException {
        return Owners.forCreating(stateDir, desired.host(), ports.get(LabelledObjects.class));
    }

    /** What each egress profile's containers reached, read from its proxy's log; empty when no profile has egress on. */
    public static List<dev.factory.kinds.egress.EgressAudit.Profile> egressAudit(Desired desired, StateDir stateDir, Ports ports) {
        try {
            return dev.factory.kinds.egress.EgressLogs.audit(desired, ports.get(ContainerEngine.class), dev.factory.engine.Owners.forPlanning(stateDir, desired.host()));
        } catch (IOException | RuntimeException e) {
            return List.of();   // the report says nothing of egress rather than something wrong; doctor's lines say whether it is in place
        }
    }

    /** One-shot containers (jobs, doctor, lanes, runner slots) acting as the state dir's lineage. */
    public static OneShot oneShot(StateDir stateDir, Desired desired, Ports ports) throws IOException {
        return new OneShot(ports.get(ContainerEngine.class), ports.get(ImageEngine.class), creatingOwner(stateDir, desired, ports));
    }
}
