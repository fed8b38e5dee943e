package dev.factory.lane;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.StoredConfig;

/**
 * The lane's own copy of a repository, prepared on the host with jgit and packed as a tar for
 * the container: remotes {@code origin} (the repo's URL) and {@code local} (the host clone, push
 * default), branch {@code <agent>/<feature>} checked out. Committed state is copied, not the
 * host's uncommitted edits.
 */
final class LaneCopy {
    private LaneCopy() {}

    static void prepare(Path hostRepo, Path copy, String localRemotePath, String branch) throws IOException {
        String originUrl;
        try (Git host = dev.factory.git.GitRepos.open(hostRepo)) {
            originUrl = host.getRepository().getConfig().getString("remote", "origin", "url");
        } catch (IOException e) {
            throw new IOException(hostRepo + " is not a git repository (" + e.getMessage() + ")", e);
        }
        try (Git git = dev.factory.git.GitRepos.cloneRepository().setURI(hostRepo.toUri().toString()).setDirectory(copy.toFile())
                .setRemote("local").call()) {
            StoredConfig config = git.getRepository().getConfig();
            config.setString("remote", "local", "url", localRemotePath);
            config.setString("remote", "origin", "url", originUrl != null ? originUrl : localRemotePath);
            config.setString("remote", "origin", "fetch", "+refs/heads/*:refs/remotes/origin/*");
            config.setString("remote", null, "pushDefault", "local");
            config.setString("credential", null, "helper", "!gh auth git-credential");
            config.save();
            boolean exists = git.getRepository().findRef(Constants.R_REMOTES + "local/" + branch) != null;
            var checkout = git.checkout().setCreateBranch(true).setName(branch);
            if (exists) checkout.setStartPoint("local/" + branch);
            checkout.call();
        } catch (GitAPIException e) {
            throw new IOException("cannot copy " + hostRepo + " for the lane: " + e.getMessage(), e);
        }
    }

    /** Packs {@code dir} under {@code prefix} (e.g. {@code workspace/repo}), owned by {@code uid:gid}. */
    static void tar(Path dir, String prefix, int uid, int gid, OutputStream out) throws IOException {
        try (var tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            String[] parts = prefix.split("/");
            var path = new StringBuilder();
            for (String part : parts) {
                path.append(part).append('/');
                put(tar, new TarArchiveEntry(path.toString()), uid, gid, 0755);
            }
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                    if (!d.equals(dir)) put(tar, new TarArchiveEntry(prefix + "/" + rel(dir, d) + "/"), uid, gid, 0755);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                    String name = prefix + "/" + rel(dir, f);
                    if (attrs.isSymbolicLink()) {
                        var e = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
                        e.setLinkName(Files.readSymbolicLink(f).toString());
                        put(tar, e, uid, gid, 0777);
                    } else if (attrs.isRegularFile()) {
                        var e = new TarArchiveEntry(name);
                        e.setSize(attrs.size());
                        e.setIds(uid, gid);
                        e.setMode(0100000 | (Files.isExecutable(f) ? 0755 : 0644));
                        tar.putArchiveEntry(e);
                        Files.copy(f, tar);
                        tar.closeArchiveEntry();
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
            tar.finish();
        }
    }

    private static void put(TarArchiveOutputStream tar, TarArchiveEntry e, int uid, int gid, int mode) throws IOException {
        e.setIds(uid, gid);
        e.setMode((e.isDirectory() ? 040000 : e.isSymbolicLink() ? 0120000 : 0100000) | mode);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    private static String rel(Path root, Path p) {
        return root.relativize(p).toString().replace('\\', '/');
    }
}
