package dev.factory.kinds.prune;

import dev.factory.plan.Address;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Files and directories a glob rule matches, below the glob's fixed root, walked without
 * following symbolic links (a link is never a candidate and never a way out of the root).
 */
final class FileScanner {
    static final String KIND = "prune-file";

    private FileScanner() {}

    static void scan(PruneSpec.FileRule rule, Instant now, List<Candidate> out) throws IOException {
        if (!Files.isDirectory(rule.root())) return;
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + rule.glob());
        var matches = new ArrayList<Path>();
        Files.walkFileTree(rule.root(), new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (!dir.equals(rule.root()) && matcher.matches(dir)) {
                    matches.add(dir);
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile() && matcher.matches(file)) matches.add(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
        record Match(Path path, Trees.Stat stat) {}
        var found = new ArrayList<Match>();
        for (Path p : matches) {
            var stat = Trees.stat(p);
            if (rule.largerThan() == null || stat.bytes() > rule.largerThan()) found.add(new Match(p, stat));
        }
        found.sort(Comparator.comparing((Match m) -> m.stat().newest()).reversed());
        int keep = rule.keepNewest() == null ? 0 : Math.min(rule.keepNewest(), found.size());
        for (Match m : found.subList(keep, found.size())) {
            boolean due = rule.olderThan() == null || m.stat().newest().isBefore(now.minus(rule.olderThan().duration()));
            String why = "matches " + rule.glob() + (rule.olderThan() == null ? "" : ", older than " + rule.olderThan())
                    + (rule.largerThan() == null ? "" : ", larger than " + dev.factory.config.ByteSize.human(rule.largerThan()));
            out.add(new Candidate(Address.of(KIND, m.path().toString()), why, m.stat().bytes(), m.stat().newest(), due,
                    Map.of("path", m.path().toString(), "root", rule.root().toString(), "bytes", m.stat().bytes(),
                            "mtime", m.stat().newest().toString())));
        }
    }
}
