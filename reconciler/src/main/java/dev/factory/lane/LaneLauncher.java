package dev.factory.lane;

import dev.factory.kinds.agent.AgentLanes;
import dev.factory.kinds.agent.AgentSpec;
import dev.factory.kinds.container.ContainerSection;
import dev.factory.config.Desired;
import dev.factory.engine.port.MountSpec;
import dev.factory.kinds.container.OneShot;
import dev.factory.kinds.container.ProfileSpec;
import dev.factory.fs.TrustedPath;
import java.util.Map;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

    /**
     * @param profile the profile to run from (the agent's, or --profile's)
     * @param instructions the rendered file for the agent CLI's instruction slot (the agent's, the repo's AGENTS.md, or both joined), or null
     */
    public record Request(Path repo, String feature, AgentSpec agent, String profile, List<String> command, boolean await, Path instructions) {}

    public record Started(String name, String branch, Integer exitCode) {}

    private final OneShot oneShot;
    private final Consumer<String> output;

    public LaneLauncher(OneShot oneShot, Consumer<String> output) {
        this.oneShot = oneShot;
        this.output = output;
    }

    public Started launch(Request request, Desired desired) throws IOException {
        if (!FEATURE.matcher(request.feature()).matches()) {
            throw new IllegalArgumentException("feature '" + request.feature() + "' must be lowercase letters, digits, '.', '_' or '-' (it names the branch)");
        }
        ProfileSpec profile = desired.get(ContainerSection.SECTION).profiles().get(request.profile());
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
        AgentSpec agent = request.agent();
        String branch = agent.name() + "/" + request.feature();
        String name = "lane-" + repoName + "-" + agent.name() + "-" + request.feature() + "-" + UUID.randomUUID().toString().substring(0, 6);
        String workdir = "/workspace/" + repoName;

        var overlay = AgentLanes.overlay(agent, profile.mounts(), request.instructions());
        if (overlay.instructionsMounted() && !Files.isRegularFile(request.instructions(), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException("agent " + agent.name() + ": its instructions are not rendered yet (" + request.instructions()
                    + "); run factory apply first");
        }
        if (agent.configDir() != null) ensureConfigDir(agent, profile.user());
        if (profile.git() != null && LocalRemoteGuard.refuseNonFastForwards(repo)) {
            output.accept("lane: " + repo + " now refuses non-fast-forward pushes (receive.denyNonFastForwards), as profile "
                    + profile.name() + " guards git");
        }
        var laneProfile = profile.withMounts(overlay.mounts(), overlay.env())
                .plusMounts(List.of(new MountSpec(MountSpec.Type.BIND, repo.toString(), LOCAL_REMOTE, false))).writableIn(workdir);
        var run = OneShot.Request.of(name, KIND, laneProfile, request.command()).withLabels(Map.of("dev.factory.lane.branch", branch))
                .detached(!request.await(), request.command().isEmpty());
        Path copy = Files.createTempDirectory("factory-lane-");
        OneShot.Container lane = null;
        try {
            LaneCopy.prepare(repo, copy.resolve(repoName), LOCAL_REMOTE, branch);
            try {
                lane = oneShot.create(desired, run);
            } catch (OneShot.NoImage e) {
                throw new IOException("lane " + name + ": " + e.why(), e);
            }
            lane.copyInto(tarOf(copy.resolve(repoName), workdir.substring(1), uid(profile.user())), "/");
            lane.start();
            if (!request.await()) return new Started(name, branch, null);
            return new Started(name, branch, lane.follow(output));
        } finally {
            TrustedPath.removeTree(copy);
            if (lane != null && request.await()) lane.close();
        }
    }

    /**
     * Makes the agent's configDir on its first lane: mode 0700, owned by the profile's user, so
     * the CLI inside can keep its auth there and no other user on the host reads it. One that
     * exists is left as it is; a link there is refused (the engine would mount its target).
     */
    private static void ensureConfigDir(AgentSpec agent, String user) throws IOException {
        Path dir = agent.configDir();
        String leaf = dir.getFileName().toString();
        try (var parent = TrustedPath.openCreating(dir.getParent())) {
            var there = parent.stat(leaf);
            if (there.isPresent()) {
                if (!there.get().isDirectory()) {
                    throw new IllegalArgumentException("agent " + agent.name() + ": configDir " + dir + " is not a directory"
                            + (there.get().isSymbolicLink() ? " but a link; it is left alone (a lane would mount where it points)" : ""));
                }
                return;
            }
            parent.mkdir(leaf);
            parent.chmod(leaf, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            var lookup = dir.getFileSystem().getUserPrincipalLookupService();
            int[] ids = ids(user);
            parent.chown(leaf, lookup.lookupPrincipalByName(String.valueOf(ids[0])), lookup.lookupPrincipalByGroupName(String.valueOf(ids[1])));
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
        return ids(user)[0];
    }

    /** The profile user's numeric uid and gid ({@code 1000}, {@code 1000:1001}); a name is taken as the images' agent, 1000; no gid is the uid. */
    private static int[] ids(String user) {
        String[] parts = user.split(":", 2);
        int uid = parts[0].matches("\\d+") ? Integer.parseInt(parts[0]) : 1000;
        String gid = parts.length > 1 ? parts[1] : parts[0];
        return new int[] {uid, gid.matches("\\d+") ? Integer.parseInt(gid) : 1000};
    }
}
