package dev.factory.lane;

import dev.factory.config.Desired;
import dev.factory.engine.port.ContainerEngine;
import dev.factory.kinds.container.ContainerKind;
import dev.factory.kinds.container.ContainerRequests;
import dev.factory.kinds.container.ContainerSpec;
import dev.factory.engine.port.MountSpec;
import dev.factory.kinds.container.ProfileSpec;
import dev.factory.engine.port.ImageEngine;
import dev.factory.plan.Address;
import dev.factory.plan.Ownership;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * {@code factory lane}: an ephemeral agent container holding a copy of one repository on branch
 * {@code <agent>/<feature>}. Lanes carry {@code lane/...} addresses, so the service planner never
 * counts a running lane as an undeclared container.
 */
public final class LaneLauncher {
    public static final String KIND = "lane";
    /** Where the host clone is mounted inside the lane: the {@code local} remote. */
    public static final String LOCAL_REMOTE = "/srv/factory/local";
    private static final Pattern FEATURE = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

    /** @param agentsMd the repo's rendered AGENTS.md to mount in the codex slot, or null */
    public record Request(Path repo, String feature, String agent, String profile, List<String> command, boolean await, Path agentsMd) {}

    /** Where codex-lane's CODEX_HOME keeps the AGENTS.md slot (images/codex-lane). */
    public static final String CODEX_AGENTS_SLOT = "/home/agent/.codex/AGENTS.md";

    public record Started(String name, String branch, Integer exitCode) {}

    private final ContainerEngine containers;
    private final ImageEngine images;
    private final dev.factory.plan.Owner owner;
    private final Consumer<String> output;

    public LaneLauncher(ContainerEngine containers, ImageEngine images, dev.factory.plan.Owner owner, Consumer<String> output) {
        this.containers = containers;
        this.images = images;
        this.owner = owner;
        this.output = output;
    }

    public Started launch(Request request, Desired desired) throws IOException {
        if (!FEATURE.matcher(request.feature()).matches()) {
            throw new IllegalArgumentException("feature '" + request.feature() + "' must be lowercase letters, digits, '.', '_' or '-' (it names the branch)");
        }
        ProfileSpec profile = desired.profiles().get(request.profile());
        if (profile == null) {
            throw new IllegalArgumentException("profile '" + request.profile() + "' is not declared; lanes run from a profile (--profile NAME)");
        }
        if (profile.readOnlyRootfs()) {
            throw new IllegalArgumentException("profile " + profile.name() + " has readOnlyRootfs: a lane needs a writable /workspace for its copy");
        }
        Path repo = request.repo().toAbsolutePath().normalize();
        if (!Files.isDirectory(repo.resolve(".git"))) {
            throw new IllegalArgumentException(repo + " is not a git work tree; pass the path of a clone");
        }
        String repoName = repo.getFileName().toString();
        String branch = request.agent() + "/" + request.feature();
        String name = "lane-" + repoName + "-" + request.agent() + "-" + request.feature() + "-" + UUID.randomUUID().toString().substring(0, 6);
        String workdir = "/workspace/" + repoName;

        var mounts = new ArrayList<>(profile.mounts());
        mounts.add(new MountSpec(MountSpec.Type.BIND, repo.toString(), LOCAL_REMOTE, false));
        if (request.agentsMd() != null && request.agent().equals("codex") && Files.isRegularFile(request.agentsMd())) {
            mounts.add(new MountSpec(MountSpec.Type.BIND, request.agentsMd().toString(), CODEX_AGENTS_SLOT, true));
        }
        var laneProfile = new ProfileSpec(profile.name(), profile.image(), profile.user(), profile.network(), profile.cpus(),
                profile.memoryBytes(), profile.pids(), mounts, profile.env(), profile.envFiles(), profile.capDrop(), profile.capAdd(),
                profile.securityOpt(), false, profile.extraHosts(), workdir, profile.at(), profile.mcpClients(), profile.endpoints());
        var spec = new ContainerSpec(name, Address.of(KIND, name), profile.image(), request.command(), "no", laneProfile);
        var image = ContainerKind.current(profile.image(), desired, images.listImages());
        if (image.id() == null) throw new IOException("lane " + name + ": " + image.why());

        var labels = new java.util.LinkedHashMap<>(Ownership.labels(owner, spec.address(), "-"));
        labels.put("dev.factory.lane.branch", branch);
        var create = ContainerRequests.build(spec, image.id(), labels, !request.await(), request.command().isEmpty(),
                ContainerKind.secretStore(desired));
        Path copy = Files.createTempDirectory("factory-lane-");
        String id = null;
        try {
            LaneCopy.prepare(repo, copy.resolve(repoName), LOCAL_REMOTE, branch);
            id = containers.create(create);
            containers.copyInto(id, tarOf(copy.resolve(repoName), workdir.substring(1), uid(profile.user())), "/");
            containers.start(id);
            if (!request.await()) return new Started(name, branch, null);
            return new Started(name, branch, containers.followAndWait(id, output));
        } finally {
            deleteTree(copy);
            if (id != null && request.await()) containers.stopAndRemove(id);
        }
    }

    private static InputStream tarOf(Path dir, String prefix, int uid) throws IOException {
        var in = new PipedInputStream(1 << 16);
        var out = new PipedOutputStream(in);
        var writer = new Thread(() -> {
            try (out) {
                LaneCopy.tar(dir, prefix, uid, uid, out);
            } catch (IOException e) {
                // the reader sees a truncated stream and the engine reports the copy as failed
            }
        }, "lane-tar");
        writer.setDaemon(true);
        writer.start();
        return in;
    }

    private static int uid(String user) {
        String u = user.split(":", 2)[0];
        return u.matches("\\d+") ? Integer.parseInt(u) : 1000;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
