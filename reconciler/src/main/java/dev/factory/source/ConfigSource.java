package dev.factory.source;

import dev.factory.config.Diagnostic;
import dev.factory.config.SourceLocation;
import dev.factory.kinds.image.BuildInputs;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefSpec;

/**
 * Fetches the config repo into {@code STATE/source/<id>} with jgit (clone once, fetch after),
 * checks out the ref detached, and verifies the commit when asked. An unreachable remote falls
 * back to the last fetched revision with a warning; with nothing fetched before it is an error.
 */
public final class ConfigSource {
    private static final int TIMEOUT_SECONDS = 30;

    public record Checkout(Path configDir, String sha, String subject, List<Diagnostic> warnings) {}

    private ConfigSource() {}

    /** One fetch of a checkout at a time in this process too (a file lock is per process: a second one here throws). */
    private static final java.util.Map<Path, java.util.concurrent.locks.ReentrantLock> IN_PROCESS = new java.util.concurrent.ConcurrentHashMap<>();

    public static Checkout fetch(SourceSpec spec, Path stateRoot) throws SourceException, IOException {
        Path dir = stateRoot.resolve("source").resolve(dev.factory.runtime.Sha256.hex(spec.url()).substring(0, 12));
        var local = IN_PROCESS.computeIfAbsent(dir.toAbsolutePath().normalize(), k -> new java.util.concurrent.locks.ReentrantLock());
        local.lock();
        try {
            return fetchLocked(spec, dir);
        } finally {
            local.unlock();
        }
    }

    private static Checkout fetchLocked(SourceSpec spec, Path dir) throws SourceException, IOException {
        Files.createDirectories(dir.getParent());
        try (FileChannel lock = FileChannel.open(dir.resolveSibling(dir.getFileName() + ".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE); var held = lock.lock()) {
            var warnings = new ArrayList<Diagnostic>();
            try (Git git = openOrClone(spec, dir, warnings)) {
                ObjectId commit = resolve(git.getRepository(), spec);
                git.checkout().setName(commit.name()).setForced(true).call();
                if (spec.verify() == SourceSpec.VerifyMode.HEAD) Signatures.verify(git, commit, spec.allowedSigners());
                Path configDir = dir.resolve(spec.path()).normalize();
                if (!configDir.startsWith(dir) || !Files.isDirectory(configDir)) {
                    throw new SourceException("path '" + spec.path() + "' is not a directory at commit " + commit.name()
                            + " of " + spec.url() + "; fix source.path or --path", null);
                }
                String subject;
                try (RevWalk walk = new RevWalk(git.getRepository())) {
                    subject = walk.parseCommit(commit).getShortMessage();
                }
                return new Checkout(configDir, commit.name(), subject, warnings);
            } catch (GitAPIException e) {
                throw new SourceException("cannot check out " + spec.ref() + " of " + spec.url() + ": " + e.getMessage(), e);
            }
        }
    }

    private static Git openOrClone(SourceSpec spec, Path dir, List<Diagnostic> warnings) throws SourceException, IOException {
        if (!Files.isDirectory(dir.resolve(".git"))) {
            // init + fetch rather than clone: a clone follows the remote's HEAD, which may name a branch that does not exist
            try {
                Git git = dev.factory.git.GitRepos.init().setDirectory(dir.toFile()).call();
                StoredConfig config = git.getRepository().getConfig();
                config.setString("remote", "origin", "url", spec.url());
                config.save();
                fetchAll(git);
                return git;
            } catch (GitAPIException | RuntimeException e) {
                deleteTree(dir);
                throw new SourceException("cannot clone the config repo " + spec.url() + " (" + dev.factory.runtime.Errors.rootMessage(e)
                        + ") and nothing was fetched from it before; check the URL and that it is reachable", e);
            }
        }
        Git git = dev.factory.git.GitRepos.open(dir);
        StoredConfig config = git.getRepository().getConfig();
        if (!spec.url().equals(config.getString("remote", "origin", "url"))) {
            config.setString("remote", "origin", "url", spec.url());
            config.save();
        }
        try {
            fetchAll(git);
        } catch (GitAPIException | RuntimeException e) {
            warnings.add(Diagnostic.warning(SourceLocation.of(dir), "source", "cannot fetch the config repo " + spec.url()
                    + " (" + dev.factory.runtime.Errors.rootMessage(e) + "); planning from the last fetched revision " + lastRevision(git.getRepository())));
        }
        return git;
    }

    private static void fetchAll(Git git) throws GitAPIException {
        git.fetch().setRemote("origin").setRemoveDeletedRefs(true).setTimeout(TIMEOUT_SECONDS)
                .setRefSpecs(new RefSpec("+refs/heads/*:refs/remotes/origin/*"), new RefSpec("+refs/tags/*:refs/tags/*")).call();
    }

    /** A branch of origin, a tag, or a commit SHA, in that order. */
    static ObjectId resolve(Repository repo, SourceSpec spec) throws IOException, SourceException {
        for (String candidate : List.of(Constants.R_REMOTES + "origin/" + spec.ref(), Constants.R_TAGS + spec.ref() + "^{commit}", spec.ref() + "^{commit}")) {
            ObjectId id = repo.resolve(candidate);
            if (id != null) return id;
        }
        throw new SourceException("ref '" + spec.ref() + "' is neither a branch, a tag nor a commit of " + spec.url(), null);
    }

    private static String lastRevision(Repository repo) {
        try (RevWalk walk = new RevWalk(repo)) {
            ObjectId head = repo.resolve(Constants.HEAD);
            if (head == null) return "(none)";
            RevCommit c = walk.parseCommit(head);
            return c.name().substring(0, 12) + " \"" + c.getShortMessage() + "\"";
        } catch (IOException e) {
            return "(unreadable)";
        }
    }


    private static void deleteTree(Path root) throws IOException {
        dev.factory.fs.TrustedPath.removeTree(root.toAbsolutePath());
    }
}
