package dev.factory.git;

import dev.factory.config.ConfigGit;
import dev.factory.config.ConfigRevision;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/** The config's git facts, read with jgit on {@link NoExecFs}: nothing the repository configures runs. */
public final class JgitConfigGit implements ConfigGit {

    @Override
    public Optional<Path> workTree(Path dir) {
        try {
            var builder = new FileRepositoryBuilder().setFS(NoExecFs.INSTANCE).findGitDir(dir.toAbsolutePath().normalize().toFile());
            if (builder.getGitDir() == null) return Optional.empty();
            var gitDir = builder.getGitDir().toPath().toAbsolutePath().normalize();
            // a bare repository or a separate git dir has no work tree to bound the config by
            if (gitDir.getFileName() == null || !gitDir.getFileName().toString().equals(".git")) return Optional.empty();
            return Optional.of(gitDir.getParent());
        } catch (RuntimeException e) {
            return Optional.empty();   // no readable git directory: the config directory is the boundary
        }
    }

    @Override
    public Optional<ConfigRevision> revision(Path dir) {
        var builder = new FileRepositoryBuilder().setFS(NoExecFs.INSTANCE).readEnvironment().findGitDir(dir.toAbsolutePath().toFile());
        if (builder.getGitDir() == null) return Optional.empty();
        try (Repository repo = builder.build(); RevWalk walk = new RevWalk(repo)) {
            var head = repo.resolve(Constants.HEAD);
            if (head == null) return Optional.empty();
            RevCommit commit = walk.parseCommit(head);
            return Optional.of(new ConfigRevision(commit.getName(), commit.getShortMessage()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Each blamed file's line commits, kept for this instance's life (one drift report): a file is blamed once. */
    private final java.util.Map<Path, Optional<LineChange[]>> blamed = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public Optional<LineChange> lastChange(Path file, int from, int to) {
        var lines = blamed.computeIfAbsent(file.toAbsolutePath().normalize(), JgitConfigGit::blame);
        if (lines.isEmpty()) return Optional.empty();
        LineChange newest = null;
        for (int i = Math.max(0, from - 1); i < Math.min(to, lines.get().length); i++) {
            LineChange c = lines.get()[i];
            if (c != null && (newest == null || c.time() > newest.time())) newest = c;
        }
        return Optional.ofNullable(newest);
    }

    /** The commit that last changed each line of {@code absolute} as committed at HEAD; empty outside git. */
    private static Optional<LineChange[]> blame(Path absolute) {
        var root = new JgitConfigGit().workTree(absolute.getParent());
        if (root.isEmpty()) return Optional.empty();
        String relative = root.get().relativize(absolute).toString().replace('\\', '/');
        try (org.eclipse.jgit.api.Git git = GitRepos.open(root.get())) {
            var head = git.getRepository().resolve(Constants.HEAD);
            if (head == null) return Optional.empty();
            var blame = git.blame().setFilePath(relative).setStartCommit(head).call();
            if (blame == null) return Optional.empty();
            var out = new LineChange[blame.getResultContents().size()];
            for (int i = 0; i < out.length; i++) {
                RevCommit c = blame.getSourceCommit(i);
                if (c != null) out[i] = new LineChange(c.getName(), c.getShortMessage(), c.getCommitTime());
            }
            return Optional.of(out);
        } catch (IOException | org.eclipse.jgit.api.errors.GitAPIException | RuntimeException e) {
            return Optional.empty();   // no history to read: the drift report falls back to the last apply
        }
    }
}
