package dev.factory.git;

import java.io.IOException;
import java.nio.file.Path;
import org.eclipse.jgit.api.CloneCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.InitCommand;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * The only way factory opens a git repository: always through {@link NoExecFs}, so no filter,
 * hook or transport command a repository names ever runs, and (unlike git's CLI) without the
 * "dubious ownership" refusal, which would otherwise make a root factory misread every clone and
 * worktree an agent's uid owns.
 */
public final class GitRepos {
    /** How often jgit's RepositoryCache closes the alternates no one uses any more. */
    static final long RELEASE_ALTERNATES_MS = 1000;

    static {
        // jgit remembers each directory's file-store attributes in a 100-entry cache; a miss asks
        // Java for the directory's FileStore, which parses the whole mount table (~2 lines per
        // running container). 100 clones touch far more than 100 directories, so the default
        // cache thrashes and a plan's time grows with containers x clones. (Set here, before any
        // repository opens, not when a clone is first observed: the cache's class sets up jgit's
        // shutdown hook and message bundle, ~70 ms in a fresh JVM without the class archive, which
        // a cold plan whose clones are all unchanged never needs.)
        org.eclipse.jgit.util.FS.FileStoreAttributes.configureAttributesPathCache(8192, 0.2f);
        // jgit runs "gc --auto" after every fetch, detached in the background: on a clone factory is
        // about to rename into place, or a cache a plan fetches into, that races (and writes where a
        // plan must not). factory's default, below every config a person can set: no auto-gc.
        var defaults = new org.eclipse.jgit.lib.Config();
        defaults.setBoolean("fetch", null, "autoGC", false);
        org.eclipse.jgit.util.SystemReader.setInstance(new org.eclipse.jgit.util.SystemReader.Delegate(org.eclipse.jgit.util.SystemReader.getInstance()) {
            @Override
            public org.eclipse.jgit.storage.file.FileBasedConfig openJGitConfig(org.eclipse.jgit.lib.Config parent, org.eclipse.jgit.util.FS fs) {
                return super.openJGitConfig(parent == null ? defaults : parent, fs);
            }

            @Override
            public org.eclipse.jgit.storage.file.FileBasedConfig openSystemConfig(org.eclipse.jgit.lib.Config parent, org.eclipse.jgit.util.FS fs) {
                return systemConfig(parent, fs, this::getenv);
            }
        });
        // jgit opens a repository another names as its alternate (a remote cache names its clone, RemoteCache)
        // through its RepositoryCache, which keeps it an hour after its last use: ~17 KB each, 17 MB of a
        // daemon's heap after a fetch of 1,000 repos. Closed within a second of its last use instead (jgit
        // closes only one no caller holds open).
        var cache = new org.eclipse.jgit.lib.RepositoryCacheConfig();
        cache.setExpireAfter(0);
        cache.setCleanupDelay(RELEASE_ALTERNATES_MS);
        cache.install();
    }

    private GitRepos() {}

    /** Does nothing itself: calling it runs this class's static setup of jgit, which {@link NoExecFs} makes sure of before any repository opens. */
    static void defaults() {}

    /**
     * git's system-wide config, found as git finds it ({@code GIT_CONFIG_NOSYSTEM} set: none;
     * {@code GIT_CONFIG_SYSTEM}: that file; else {@code /etc/gitconfig}) without asking a git
     * program. jgit's own lookup runs the {@code git} on {@code PATH} twice ({@code git --version},
     * then {@code git config --system --show-origin --list}): a program factory does not need to
     * run, and ~0.4 s of every cold plan on a slow host.
     */
    static org.eclipse.jgit.storage.file.FileBasedConfig systemConfig(org.eclipse.jgit.lib.Config parent, org.eclipse.jgit.util.FS fs,
                                                                      java.util.function.UnaryOperator<String> env) {
        if (!org.eclipse.jgit.util.StringUtils.isEmptyOrNull(env.apply("GIT_CONFIG_NOSYSTEM"))) {
            return new org.eclipse.jgit.storage.file.FileBasedConfig(parent, null, fs) {
                @Override
                public void load() {
                    // no system config, as git with GIT_CONFIG_NOSYSTEM
                }

                @Override
                public boolean isOutdated() {
                    return false;
                }
            };
        }
        return new org.eclipse.jgit.storage.file.FileBasedConfig(parent, GitSystemConfig.file(env), fs);
    }

    /** A work tree with its {@code .git} directory (a clone). */
    public static Git open(Path workTree) throws IOException {
        return Git.open(workTree.toFile(), NoExecFs.INSTANCE);
    }

    /** The repository of a work tree with its {@code .git} (a clone), as {@link #open} finds it. */
    public static Repository openRepository(Path workTree) throws IOException {
        return open(workTree).getRepository();
    }

    /** A bare repository or a git directory. */
    public static Repository openGitDir(Path gitDir) throws IOException {
        return new FileRepositoryBuilder().setFS(NoExecFs.INSTANCE).setGitDir(gitDir.toFile()).setMustExist(true).build();
    }

    /**
     * A linked worktree, opened from its verified administrative directory and work tree (see
     * {@link LinkedWorktrees}): neither the work tree's {@code .git} file nor {@code core.worktree}
     * is consulted.
     */
    public static Repository openLinked(Path adminDir, Path workTree) throws IOException {
        return new FileRepositoryBuilder().setFS(NoExecFs.INSTANCE).setGitDir(adminDir.toFile()).setWorkTree(workTree.toFile())
                .setMustExist(true).build();
    }

    public static CloneCommand cloneRepository() {
        return Git.cloneRepository().setFs(NoExecFs.INSTANCE);
    }

    public static InitCommand init() {
        return Git.init().setFs(NoExecFs.INSTANCE);
    }
}
