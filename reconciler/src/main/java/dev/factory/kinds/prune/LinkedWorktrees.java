package dev.factory.kinds.prune;

import dev.factory.fs.OpenDir;
import dev.factory.fs.TrustedPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A clone's linked worktrees, read from git's administrative files without running git, by
 * directory handle (a link among them is never followed). A worktree is trusted only when the
 * clone's {@code .git/worktrees/ID/gitdir} names {@code WORKTREE/.git}, that file (a regular
 * file, not a link) names {@code .git/worktrees/ID} back, and {@code commondir} names the clone's
 * own {@code .git}: an agent that rewrites one side cannot point factory at another tree.
 */
public final class LinkedWorktrees {
    private static final int MAX_FILE = 4096;

    public enum State { TRUSTED, GONE, MISMATCHED }

    /**
     * @param id the administrative directory's name under {@code .git/worktrees}
     * @param path the work tree git recorded (for GONE and MISMATCHED, as recorded)
     * @param why for MISMATCHED, what did not agree
     */
    public record Linked(String id, Path adminDir, Path path, State state, boolean locked, String why) {}

    private LinkedWorktrees() {}

    /** Every entry under {@code REPO/.git/worktrees}, sorted by id; empty when there are none. */
    public static List<Linked> list(Path repo) throws IOException {
        var out = new ArrayList<Linked>();
        try (OpenDir worktrees = TrustedPath.open(repo.resolve(".git").resolve("worktrees"))) {
            Path admin = worktrees.path();   // with the operator's trusted links resolved, as git records paths
            Path gitDir = admin.getParent();
            for (String id : worktrees.names()) {
                var attrs = worktrees.stat(id).orElse(null);
                if (attrs == null || !attrs.isDirectory()) continue;
                try (OpenDir entry = worktrees.dir(id)) {
                    out.add(read(gitDir, admin.resolve(id), id, entry));
                } catch (IOException e) {
                    out.add(new Linked(id, admin.resolve(id), admin.resolve(id), State.MISMATCHED, false, "unreadable: " + e.getMessage()));
                }
            }
        } catch (NoSuchFileException e) {
            return out;
        }
        return out;
    }

    private static Linked read(Path gitDir, Path adminDir, String id, OpenDir entry) throws IOException {
        boolean locked = entry.stat("locked").isPresent();
        String recorded = text(entry, "gitdir");
        if (recorded == null || recorded.isEmpty()) return new Linked(id, adminDir, adminDir, State.MISMATCHED, locked, "no gitdir file");
        Path dotGit = resolve(adminDir, recorded);
        if (dotGit.getFileName() == null || !dotGit.getFileName().toString().equals(".git")) {
            return new Linked(id, adminDir, dotGit, State.MISMATCHED, locked, "gitdir does not name a .git file");
        }
        Path worktree = dotGit.getParent();
        String common = text(entry, "commondir");
        if (common == null || !resolve(adminDir, common).equals(gitDir.normalize())) {
            return new Linked(id, adminDir, worktree, State.MISMATCHED, locked, "commondir does not name " + gitDir);
        }
        String back;
        try (var file = TrustedPath.entry(dotGit, false)) {
            worktree = file.dir().path();
            var attrs = file.dir().stat(file.name()).orElse(null);
            if (attrs == null) return new Linked(id, adminDir, worktree, State.GONE, locked, null);
            if (!attrs.isRegularFile()) {
                return new Linked(id, adminDir, worktree, State.MISMATCHED, locked, worktree.resolve(".git") + " is not a regular file");
            }
            back = new String(file.dir().read(file.name(), MAX_FILE), StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            return new Linked(id, adminDir, worktree, State.GONE, locked, null);
        }
        if (!back.startsWith("gitdir:") || !resolve(worktree, back.substring("gitdir:".length()).strip()).equals(adminDir.normalize())) {
            return new Linked(id, adminDir, worktree, State.MISMATCHED, locked, worktree.resolve(".git") + " does not point back at " + adminDir);
        }
        return new Linked(id, adminDir, worktree, State.TRUSTED, locked, null);
    }

    private static String text(OpenDir dir, String name) throws IOException {
        var attrs = dir.stat(name).orElse(null);
        if (attrs == null || !attrs.isRegularFile()) return null;
        return new String(dir.read(name, MAX_FILE), StandardCharsets.UTF_8).strip();
    }

    private static Path resolve(Path base, String path) {
        Path p = Path.of(path);
        return (p.isAbsolute() ? p : base.resolve(p)).normalize();
    }
}
