package dev.factory.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The files a config may read: those inside the git work tree that holds the config directory
 * (the bundled config's {@code ../images} is inside the project's tree), or the config directory
 * itself when it is not in git. A pull request's config is data: a Dockerfile, build context, file
 * source or AGENTS.md it names must resolve, symbolic links followed, inside this tree, or it is
 * refused at its field before anything reads it (so nothing outside can reach a plan or a PR
 * comment).
 */
public record ConfigTree(Path root, boolean git) {

    /** The tree for {@code configDir}: its git work tree when {@code git} finds one, else the directory itself. */
    public static ConfigTree of(Path configDir, ConfigGit git) {
        Path dir = configDir.toAbsolutePath().normalize();
        Optional<Path> workTree = git.workTree(dir);
        return new ConfigTree(real(workTree.orElse(dir)), workTree.isPresent());
    }

    /**
     * Why {@code path} may not be read, if it may not: where it really leads when that is outside
     * the tree. A path that does not exist yet is judged by its nearest existing parent.
     */
    public Optional<String> outside(Path path) {
        Path real = real(path.toAbsolutePath().normalize());
        if (real.startsWith(root)) return Optional.empty();
        return Optional.of(path + (real.equals(path.toAbsolutePath().normalize()) ? "" : " (really " + real + ")")
                + " is outside the config's tree " + root + (git ? " (its git work tree); a config may read only files it holds: move the file into the repository"
                : " (the config directory: it is not in git); a config may read only files it holds: move the file into it, or keep the config in a git repository"));
    }

    /** The real path, links resolved; for a missing path, its nearest existing parent's real path plus the rest. */
    private static Path real(Path p) {
        Path existing = p;
        while (existing != null && !Files.exists(existing)) existing = existing.getParent();
        if (existing == null) return p;
        try {
            return existing.toRealPath().resolve(existing.relativize(p)).normalize();
        } catch (IOException e) {
            return p;
        }
    }
}
