package dev.factory.kinds.repo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefSpec;

/**
 * Reads a clone's state with jgit. Fetching from the declared URL only moves
 * {@code refs/remotes/origin/*}: never a branch, the index or the work tree. Linked worktrees
 * come from git's own CLI (jgit has no worktree API).
 */
public final class RepoObserver {
    static final int FETCH_TIMEOUT_SECONDS = 30;

    private RepoObserver() {}

    public static RepoState observe(RepoSpec spec, boolean fetch) throws IOException {
        Path path = spec.path();
        if (!Files.exists(path)) return RepoState.of(RepoState.Presence.MISSING);
        if (Files.isDirectory(path)) {
            try (var entries = Files.list(path)) {
                if (entries.findAny().isEmpty()) return RepoState.of(RepoState.Presence.EMPTY_DIR);
            }
        }
        if (!Files.exists(path.resolve(".git"))) return RepoState.of(RepoState.Presence.NOT_A_REPO);
        try (Git git = Git.open(path.toFile())) {
            Repository repo = git.getRepository();
            String origin = repo.getConfig().getString("remote", "origin", "url");
            String fetchError = null;
            if (fetch) {
                try {
                    git.fetch().setRemote(spec.url()).setTimeout(FETCH_TIMEOUT_SECONDS)
                            .setRefSpecs(new RefSpec("+refs/heads/" + spec.branch() + ":refs/remotes/origin/" + spec.branch())).call();
                } catch (GitAPIException | RuntimeException e) {
                    fetchError = rootMessage(e);
                }
            }
            var status = git.status().call();
            int changed = status.getUncommittedChanges().size() + status.getConflicting().size();
            int untracked = status.getUntracked().size();
            ObjectId local = repo.resolve(Constants.R_HEADS + spec.branch());
            ObjectId remote = repo.resolve(Constants.R_REMOTES + "origin/" + spec.branch());
            ObjectId head = repo.resolve(Constants.HEAD);
            int behind = local != null && remote != null ? count(repo, remote, local) : 0;
            int ahead = local != null && remote != null ? count(repo, local, remote) : 0;
            String branch = repo.getFullBranch() != null && repo.getFullBranch().startsWith(Constants.R_HEADS) ? repo.getBranch() : null;
            return new RepoState(RepoState.Presence.REPO, origin, branch, head == null ? null : head.name(),
                    remote == null ? null : remote.name(), changed, untracked, ahead, behind, fetchError, worktrees(path));
        } catch (GitAPIException e) {
            throw new IOException("cannot read the status of " + path + ": " + e.getMessage(), e);
        } catch (org.eclipse.jgit.errors.RepositoryNotFoundException e) {
            return RepoState.of(RepoState.Presence.NOT_A_REPO);
        }
    }

    /** Commits reachable from {@code from} and not from {@code notFrom}. */
    static int count(Repository repo, ObjectId from, ObjectId notFrom) throws IOException {
        try (RevWalk walk = new RevWalk(repo)) {
            walk.markStart(walk.parseCommit(from));
            walk.markUninteresting(walk.parseCommit(notFrom));
            int n = 0;
            while (walk.next() != null) n++;
            return n;
        }
    }

    /** Linked worktrees (not the main one), from {@code git worktree list --porcelain}. */
    public static List<String> worktrees(Path repo) {
        var out = new ArrayList<String>();
        try {
            Process p = new ProcessBuilder("git", "-C", repo.toString(), "worktree", "list", "--porcelain")
                    .redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) return out;
            boolean first = true;
            for (String line : text.split("\n")) {
                if (!line.startsWith("worktree ")) continue;
                if (first) {
                    first = false;
                    continue;
                }
                out.add(line.substring("worktree ".length()));
            }
        } catch (IOException e) {
            // no git CLI: worktrees are a note, not a decision
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out;
    }


    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
