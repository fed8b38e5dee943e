package dev.factory.kinds.repo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.util.FS;

/**
 * Reads a clone's state with jgit. Fetching from the declared URL only moves
 * {@code refs/remotes/origin/*}: never a branch, the index or the work tree. Linked worktrees
 * come from git's own CLI (jgit has no worktree API).
 */
public final class RepoObserver {
    static final int FETCH_TIMEOUT_SECONDS = 30;

    static {
        // jgit remembers each directory's file-store attributes in a 100-entry cache; a miss asks
        // Java for the directory's FileStore, which parses the whole mount table (~2 lines per
        // running container). 100 clones touch far more than 100 directories, so the default
        // cache thrashes and a plan's time grows with containers x clones.
        FS.FileStoreAttributes.configureAttributesPathCache(8192, 0.2f);
    }

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
        JgitFileStores.seedClone(path, spec.url());
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

    /**
     * Linked worktrees, read from the clone's administrative files as {@code git worktree list}
     * does ({@code .git/worktrees/<id>/gitdir} names each worktree's {@code .git} file): no
     * process per clone, which kept a 100-repo plan at 2 s. Sorted by path.
     */
    public static List<String> worktrees(Path repo) {
        var out = new ArrayList<String>();
        Path admin = repo.resolve(".git").resolve("worktrees");
        if (!Files.isDirectory(admin)) return out;
        try (var entries = Files.list(admin)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                Path gitdir = entry.resolve("gitdir");
                if (!Files.isRegularFile(gitdir)) continue;
                String line = Files.readString(gitdir, StandardCharsets.UTF_8).strip();
                if (line.isEmpty()) continue;
                Path dotGit = Path.of(line);
                if (!dotGit.isAbsolute()) dotGit = entry.resolve(dotGit).normalize();
                Path worktree = dotGit.getFileName() != null && dotGit.getFileName().toString().equals(".git") ? dotGit.getParent() : dotGit;
                out.add(worktree.toString());
            }
        } catch (IOException e) {
            // unreadable admin files: worktrees are a note, not a decision
        }
        out.sort(null);
        return out;
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
