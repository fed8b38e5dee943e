package dev.factory.pullrequests;

import dev.factory.git.GitRepos;
import dev.factory.kinds.image.BuildInputs;
import dev.factory.source.SourceSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.transport.RefSpec;

/**
 * A pull request's head, fetched from the config repo ({@code refs/pull/N/head}, as GitHub
 * publishes it) with jgit into {@code STATE/pulls/REPO} and checked out there, detached. Read as
 * data only: jgit runs no program the pull request could add (see {@link dev.factory.git.NoExecFs}),
 * and nothing in the checkout is ever executed.
 */
final class PullCheckout {
    private static final int TIMEOUT_SECONDS = 30;

    private PullCheckout() {}

    /** Checks out {@code sha} (the head GitHub listed) and returns the config directory inside it. */
    static Path checkout(SourceSpec source, int number, String sha, Path stateRoot) throws IOException, GitAPIException {
        Path dir = stateRoot.resolve("pulls").resolve(dev.factory.runtime.Sha256.hex(source.url()).substring(0, 12));
        if (!Files.isDirectory(dir.resolve(".git"))) {
            Files.createDirectories(dir);
            GitRepos.init().setDirectory(dir.toFile()).call().close();
        }
        try (Git git = GitRepos.open(dir)) {
            String ref = "refs/pull/" + number + "/head";
            git.fetch().setRemote(source.url()).setTimeout(TIMEOUT_SECONDS).setRefSpecs(new RefSpec("+" + ref + ":" + ref)).call();
            ObjectId wanted = git.getRepository().resolve(sha + "^{commit}");
            if (wanted == null) throw new IOException("pull request #" + number + ": its head " + sha + " is not in the repo (pushed again since?)");
            git.checkout().setName(wanted.name()).setForced(true).call();
        }
        Path configDir = dir.resolve(source.path()).normalize();
        if (!configDir.startsWith(dir) || !Files.isDirectory(configDir)) {
            throw new IOException("pull request #" + number + ": the config directory '" + source.path() + "' is not in its head " + sha);
        }
        return configDir;
    }
}
