package dev.factory.kinds.prune;

import java.nio.file.Path;

/** The fixed directory a glob starts from: everything a rule may touch lies below it. */
final class GlobRoot {
    private GlobRoot() {}

    static Path of(String absoluteGlob) {
        Path root = Path.of("/");
        for (String part : absoluteGlob.split("/")) {
            if (part.isEmpty()) continue;
            if (part.matches(".*[*?\\[{].*")) break;
            root = root.resolve(part);
        }
        // a glob without wildcards names one entry: its root is the directory holding it
        if (root.toString().equals(absoluteGlob) && root.getParent() != null) return root.getParent();
        return root;
    }
}
