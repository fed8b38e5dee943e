package dev.factory.config;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/** The commit a config was read from, stamped on plans and image labels. */
public record ConfigRevision(String sha, String subject) {

    /** The HEAD commit of the git work tree holding {@code dir}, if it is in one. */
    public static Optional<ConfigRevision> of(Path dir) {
        var builder = new FileRepositoryBuilder().setFS(dev.factory.git.NoExecFs.INSTANCE).readEnvironment().findGitDir(dir.toAbsolutePath().toFile());
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
}
