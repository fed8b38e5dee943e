package dev.factory.kinds.prune;

import dev.factory.fs.LinkRefused;
import dev.factory.fs.OpenDir;
import dev.factory.fs.TrustedPath;
import dev.factory.plan.Address;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Files and directories a glob rule matches below its root, walked by directory handle: a link is
 * never a candidate, never entered, and a directory swapped for a link mid-walk is skipped. A
 * matching directory is one candidate whose files all count (toward the guard, too).
 */
final class FileScanner {
    static final String KIND = "prune-file";

    private FileScanner() {}

    /** What a rule found: its candidates and how many files it examined (the guard's population). */
    record Scan(List<Candidate> candidates, long examinedFiles) {}

    static Scan scan(PruneSpec.FileRule rule, String ruleName, Instant now) throws IOException {
        Glob glob = Glob.compile(rule.pattern(), rule.dotfiles());
        var matches = new ArrayList<Match>();
        try (OpenDir root = TrustedPath.open(rule.root())) {
            walk(root, new ArrayList<>(), glob, rule, matches);
        } catch (NoSuchFileException e) {
            return new Scan(List.of(), 0);
        }
        long examined = matches.stream().mapToLong(m -> Math.max(1, m.stat().files())).sum();
        var found = new ArrayList<Match>();
        for (Match m : matches) {
            if (rule.largerThan() == null || m.stat().bytes() > rule.largerThan()) found.add(m);
        }
        found.sort(Comparator.comparing((Match m) -> m.stat().newest()).reversed());
        int keep = rule.keepNewest() == null ? 0 : Math.min(rule.keepNewest(), found.size());
        var out = new ArrayList<Candidate>();
        for (Match m : found.subList(keep, found.size())) {
            boolean due = rule.olderThan() == null || m.stat().newest().isBefore(now.minus(rule.olderThan().duration()));
            String why = "matches " + rule.glob() + (rule.olderThan() == null ? "" : ", older than " + rule.olderThan())
                    + (rule.largerThan() == null ? "" : ", larger than " + dev.factory.config.ByteSize.human(rule.largerThan()));
            Path path = m.path(rule.root());
            out.add(new Candidate(Address.of(KIND, path.toString()), why, m.stat().bytes(), Math.max(1, m.stat().files()), m.stat().newest(), due,
                    ruleName, examined, PrunePayload.file(path.toString(), rule.root().toString(), m.stat().bytes(),
                    m.stat().files(), m.stat().newest().toString())));
        }
        return new Scan(out, examined);
    }

    private record Match(List<String> names, OpenDir.TreeStat stat) {
        Path path(Path root) {
            Path p = root;
            for (String n : names) p = p.resolve(n);
            return p;
        }
    }

    private static void walk(OpenDir dir, List<String> at, Glob glob, PruneSpec.FileRule rule, List<Match> out) throws IOException {
        if (at.size() >= OpenDir.MAX_DEPTH) return;
        for (String name : dir.names()) {
            var attrs = dir.stat(name).orElse(null);
            if (attrs == null || attrs.isSymbolicLink()) continue;
            var path = new ArrayList<>(at);
            path.add(name);
            if ((attrs.isRegularFile() || attrs.isDirectory()) && glob.matches(path)) {
                try {
                    out.add(new Match(List.copyOf(path), dir.statTree(name)));
                } catch (LinkRefused | NoSuchFileException e) {
                    // swapped or gone while looked at: not a candidate this time
                }
            } else if (attrs.isDirectory() && glob.mayMatchBelow(path)) {
                try (OpenDir child = dir.dir(name)) {
                    walk(child, path, glob, rule, out);
                } catch (LinkRefused | NoSuchFileException e) {
                    // swapped for a link or removed while walked: never followed
                }
            }
        }
    }

    /**
     * Deletes one planned candidate: reached from the rule's root name by name, by handle, with no
     * link followed; removed only when it still has the size, file count and newest time the plan
     * saw. A component that became a link since the plan is left alone and reported.
     */
    static OpenDir.Removed delete(Address address, Path root, Path path, long bytes, long files, String mtime) throws IOException {
        Path rel = root.relativize(path);
        if (!path.normalize().startsWith(root) || rel.getNameCount() == 0 || rel.toString().isEmpty()) {
            throw new IOException(address + ": outside the rule's root " + root + "; not deleting it");
        }
        try (OpenDir top = TrustedPath.open(root)) {
            OpenDir dir = top;
            var opened = new ArrayList<OpenDir>();
            try {
                for (int i = 0; i < rel.getNameCount() - 1; i++) {
                    dir = dir.dir(rel.getName(i).toString());
                    opened.add(dir);
                }
                String name = rel.getFileName().toString();
                var attrs = dir.stat(name).orElse(null);
                if (attrs == null) return OpenDir.Removed.NONE;
                if (attrs.isSymbolicLink()) throw new LinkRefused(path);
                var stat = dir.statTree(name);
                if (stat.bytes() != bytes || stat.files() != files || !stat.newest().toString().equals(mtime)) {
                    throw new IOException(address + ": changed since the plan was made; left in place");
                }
                return dir.removeTree(name);
            } finally {
                for (OpenDir o : opened) o.close();
            }
        } catch (LinkRefused e) {
            throw new IOException(address + ": " + e.getMessage(), e);
        }
    }
}
