package dev.factory.git;

import dev.factory.kinds.repo.Clones;
import dev.factory.kinds.repo.RepoSpec;
import dev.factory.kinds.repo.RepoState;
import dev.factory.runtime.Errors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.MergeCommand;
import org.eclipse.jgit.api.MergeResult;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.StoredConfig;

/** The repo kind's clones, through jgit opened by {@link GitRepos}: no hook, filter or program a clone configures runs. */
public final class JgitClones implements Clones {
    private final WarmRepos warm;
    private final WarmClones.Round kept;

    /** Each observation opens the clone afresh. */
    public JgitClones() {
        this(null, null);
    }

    /**
     * Observations read clones (and their remote caches) through {@code warm}'s open handles (see
     * {@link WarmRepos}), and a plan's reuses what {@code kept} read of a clone whose stamp is the same.
     */
    public JgitClones(WarmRepos warm, WarmClones kept) {
        this.warm = warm;
        this.kept = kept == null ? null : kept.round();   // one a plan: an instance serves one reconciler
    }

    @Override
    public RepoState observe(RepoSpec spec, Fetch fetch) throws IOException {
        return RepoObserver.observe(spec, fetch, warm, kept);
    }

    @Override
    public void retain(java.util.Collection<RepoSpec> declared, Fetch fetch) {
        if (kept != null) kept.retain(declared.stream().map(RepoSpec::path).toList());
        if (fetch.enabled() && fetch.cacheDir() != null) {
            RemoteCache.retain(fetch.cacheDir(), declared.stream().map(RepoSpec::name).collect(java.util.stream.Collectors.toSet()));
        }
    }

    @Override
    public void cloneInto(RepoSpec spec, Path into, java.util.function.Consumer<String> progress) throws IOException {
        try (Git ignored = GitRepos.cloneRepository().setURI(spec.url()).setDirectory(into.toFile())
                .setProgressMonitor(new GitProgress("repo/" + spec.name() + ": clone", progress, java.time.Duration.ofSeconds(5)))
                .setBranch(spec.branch()).setTimeout(RepoObserver.FETCH_TIMEOUT_SECONDS).call()) {
            // cloned
        } catch (GitAPIException | RuntimeException e) {
            throw new IOException("repo/" + spec.name() + ": cannot clone " + spec.url() + ": " + Errors.rootMessage(e), e);
        }
    }

    @Override
    public void setOrigin(RepoSpec spec) throws IOException {
        try (Git git = GitRepos.open(spec.path())) {
            StoredConfig config = git.getRepository().getConfig();
            if (spec.url().equals(config.getString("remote", "origin", "url"))) return;
            config.setString("remote", "origin", "url", spec.url());
            if (config.getString("remote", "origin", "fetch") == null) {
                config.setString("remote", "origin", "fetch", "+refs/heads/*:refs/remotes/origin/*");
            }
            config.save();
        }
    }

    @Override
    public void fastForward(RepoSpec spec) throws IOException {
        try (Git git = GitRepos.open(spec.path())) {
            MergeResult result = git.merge().include(git.getRepository().resolve(Constants.R_REMOTES + "origin/" + spec.branch()))
                    .setFastForward(MergeCommand.FastForwardMode.FF_ONLY).setCommit(true).call();
            if (!result.getMergeStatus().isSuccessful()) {
                throw new IOException("repo/" + spec.name() + ": fast-forward did not happen (" + result.getMergeStatus() + ")");
            }
        } catch (GitAPIException e) {
            throw new IOException("repo/" + spec.name() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> worktrees(Path repo) {
        return RepoObserver.worktrees(repo);
    }
}
