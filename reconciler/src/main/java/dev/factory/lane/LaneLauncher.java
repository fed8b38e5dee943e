package dev.factory.lane;

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

    /** @param agentsMd the repo's rendered AGENTS.md to mount in the codex slot, or null */
    public record Request(Path repo, String feature, String agent, String profile, List<String> command, boolean await, Path agentsMd) {}

    /** Where codex-lane's CODEX_HOME keeps the AGENTS.md slot (images/codex-lane). */
    public static final String CODEX_AGENTS_SLOT = "/home/agent/.codex/AGENTS.md";

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
        String branch = request.agent() + "/" + request.feature();
        String name = "lane-" + repoName + "-" + request.agent() + "-" + request.feature() + "-" + UUID.randomUUID().toString().substring(0, 6);
        String workdir = "/workspace/" + repoName;

        var mounts = new ArrayList<MountSpec>();
        mounts.add(new MountSpec(MountSpec.Type.BIND, repo.toString(), LOCAL_REMOTE, false));
        if (request.agentsMd() != null && request.agent().equals("codex") && Files.isRegularFile(request.agentsMd())) {
            mounts.add(new MountSpec(MountSpec.Type.BIND, request.agentsMd().toString(), CODEX_AGENTS_SLOT, true));
        }
        var laneProfile = profile.plusMounts(mounts).writableIn(workdir);
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
}
