package dev.factory.kinds.prune;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/** The fixed directory a glob starts from (everything a rule may touch lies below it), and the pattern below it. */
record GlobRoot(Path root, String pattern) {

    /**
     * Top-level directories of the system. A rule rooted at one of them or at one of their
     * direct children ({@code /etc/ssh}, {@code /var/lib}, {@code /usr/local}, a home under
     * {@code /home}) could sweep what the machine or a person depends on.
     */
    static final Set<String> SYSTEM = Set.of("bin", "boot", "dev", "etc", "home", "lib", "lib32", "lib64", "libx32", "proc", "root",
            "run", "sbin", "snap", "sys", "usr", "var");

    static GlobRoot of(String absoluteGlob) {
        Path root = Path.of("/");
        String[] parts = absoluteGlob.split("/");
        int i = 0;
        for (; i < parts.length; i++) {
            String part = parts[i];
            if (part.isEmpty()) continue;
            if (part.matches(".*[*?\\[{].*")) break;
            root = root.resolve(part);
        }
        if (i >= parts.length) {
            // a glob without wildcards names one entry: its root is the directory holding it
            return root.getParent() == null ? new GlobRoot(root, "") : new GlobRoot(root.getParent(), root.getFileName().toString());
        }
        return new GlobRoot(root, String.join("/", java.util.Arrays.copyOfRange(parts, i, parts.length)));
    }

    /** Why {@code root} is too broad to sweep, if it is: {@code /}, a home directory, a top system directory or its direct child. */
    static Optional<String> tooBroad(Path root, Set<Path> homes) {
        Path r = root.normalize();
        if (r.getNameCount() == 0) return Optional.of("it is /");
        if (homes.contains(r)) return Optional.of("it is a home directory");
        for (Path home : homes) {
            if (home.startsWith(r)) return Optional.of("it holds the home directory " + home);
        }
        if (r.getNameCount() == 1) return Optional.of("it is a top-level directory");
        if (r.getNameCount() == 2 && SYSTEM.contains(r.getName(0).toString())) {
            return Optional.of("it is a direct child of the system directory /" + r.getName(0));
        }
        return Optional.empty();
    }
}
