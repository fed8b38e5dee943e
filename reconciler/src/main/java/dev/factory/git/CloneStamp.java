package dev.factory.git;

import static dev.factory.fs.UnixAttributes.S_IFDIR;
import static dev.factory.fs.UnixAttributes.S_IFLNK;
import static dev.factory.fs.UnixAttributes.S_IFMT;
import static dev.factory.fs.UnixAttributes.nanos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One digest of everything a clone's status and refs are read from, as {@code lstat} sees it:
 * every entry of the work tree jgit's status walks (not the directories it reported ignored, not
 * {@code .git}), and in {@code .git} the files a status and the refs read (HEAD, config, index,
 * packed-refs, info/exclude and info/attributes, the declared branch's and HEAD's branch's loose
 * refs, {@code worktrees/} whole), plus the git configs outside the clone that jgit reads
 * (the user's and the system's, and a {@code core.excludesFile}). Each entry enters with its
 * path, type, inode, size, modification and change times, link count, mode and owner.
 *
 * <p>The kernel sets an entry's change time on every write, chmod, rename and link (through any
 * name: a hard link made elsewhere included) and nobody can set it back; a directory's times move
 * when an entry is added, removed or renamed in it, and its entries' names enter the digest too.
 * So an equal digest means nothing a status reads changed, provided nothing was touched in the
 * same clock tick as the walk: {@link Stamp#newestNanos} lets the keeper refuse a stamp of a
 * clone written moments before (timestamps are coarse, a tick of several milliseconds), as git's
 * index does with racily clean entries.
 *
 * <p>Only metadata is read, never a file's content, and no link is followed (a link in the work tree
 * is an entry of its own, as git's status takes it). A clone with submodules or a nested repository
 * has state this walk does not cover (their HEADs live elsewhere), and so has one where a file of
 * {@code .git} it stats is a link (jgit reads through it, to a target whose changes the link's own
 * lstat does not show): either gets no stamp and is read every time.
 */
final class CloneStamp {
    private static final String STAT = "unix:ino,size,lastModifiedTime,ctime,nlink,mode,uid";
    /** The files of {@code .git} a status reads besides refs (objects are read by id: what an id names never changes). */
    private static final List<String> GIT_FILES = List.of("HEAD", "config", "index", "packed-refs", "info/exclude", "info/attributes", "info/sparse-checkout",
            "shallow");

    /**
     * What the last observation said the walk depends on: the paths it reported ignored, its
     * excludes file, and the branch HEAD named (its full ref name; null when detached).
     */
    record Inputs(Set<String> ignored, Path excludesFile, String headRef) {
        static final Inputs NONE = new Inputs(Set.of(), null, null);
    }

    /** The digest, and the newest modification or change time of any entry in it (nanoseconds since the epoch). */
    record Stamp(byte[] digest, long newestNanos) {
        boolean sameAs(Stamp other) {
            return other != null && java.util.Arrays.equals(digest, other.digest);
        }
    }

    private CloneStamp() {}

    /**
     * The part of every clone's stamp that is not in the clone: the git configs outside it, as
     * {@code lstat} saw them once for a round of plans' reads ({@link #globals}).
     */
    record Globals(byte[] digest, long newestNanos) {}

    /** The git configs outside any clone that jgit reads, absent ones included (creating one is a change). */
    static List<Path> globalConfigs() {
        String home = System.getProperty("user.home");
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path config = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(home, ".config");
        return List.of(Path.of(home, ".gitconfig"), config.resolve("git/config"), config.resolve("git/ignore"),
                config.resolve("git/attributes"), config.resolve("jgit/config"), GitSystemConfig.file(System::getenv).toPath());
    }

    /** The {@code globals} (see {@link #globalConfigs}) as {@code lstat} sees them now, for {@link #take}. */
    static Globals globals(List<Path> globals) throws IOException {
        Walk walk = new Walk();
        for (Path p : globals) walk.entry("global:" + p, walk.stat(p));
        return new Globals(walk.digest.digest(), walk.newest);
    }

    /**
     * The clone at {@code clone}, its refs read for {@code branch}, stamped with {@code globals}
     * taken moments before; null when it cannot be (see the class comment), so it is read every time.
     */
    static Stamp take(Path clone, String branch, Inputs inputs, Globals globals) throws IOException {
        Walk walk = new Walk();
        Path git = clone.resolve(".git");
        Map<String, Object> gitStat = walk.stat(git);
        if (gitStat == null || type(gitStat) != S_IFDIR) return null;   // a .git file (a linked worktree's) names a dir elsewhere
        if (walk.listed(clone, ".gitmodules") != null || walk.listed(git, "modules") != null) return null;
        if (walk.listed(git, "reftable") != null) return null;   // refs in reftable files: not one file per ref
        if (!walk.tree(clone, inputs.ignored())) return null;
        var refs = new java.util.TreeSet<String>(List.of("refs/heads/" + branch, "refs/remotes/origin/" + branch));
        if (inputs.headRef() != null) refs.add(inputs.headRef());
        for (String ref : refs) {
            if (!PlainGitDir.plainRefName(ref)) return null;
        }
        if (!walk.gitDir(git, refs)) return null;
        walk.digest.update(globals.digest());
        if (inputs.excludesFile() != null) walk.entry("excludes:" + inputs.excludesFile(), walk.stat(inputs.excludesFile()));
        return new Stamp(walk.digest.digest(), Math.max(walk.newest, globals.newestNanos()));
    }

    private static int type(Map<String, Object> stat) {
        return (Integer) stat.get("mode") & S_IFMT;
    }

    /** One walk's digest and newest time. */
    private static final class Walk {
        final MessageDigest digest = dev.factory.runtime.Sha256.digest();
        long newest = Long.MIN_VALUE;
        private final java.nio.ByteBuffer fields = java.nio.ByteBuffer.allocate(8 * 7);
        /**
         * The sorted names in each directory {@link #listed} looked in (null: no directory there),
         * listed once a walk; the tree walk takes the clone root's from here too.
         */
        private final Map<Path, List<String>> listings = new java.util.HashMap<>();

        /** lstat, or null when nothing is there. */
        Map<String, Object> stat(Path p) throws IOException {
            try {
                return Files.readAttributes(p, STAT, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                return null;
            }
        }

        /**
         * lstat of {@code dir}'s entry {@code rel} ('/'-separated), or null when the listing of its
         * directory has no such name. What {@link #stat} answers, without its failed lstat for an
         * absent file: two exceptions each, and most of what a stamp looks for in {@code .git} is
         * absent (shallow, worktrees, a branch's loose ref, submodules).
         */
        Map<String, Object> listed(Path dir, String rel) throws IOException {
            int slash = rel.lastIndexOf('/');
            Path parent = slash < 0 ? dir : dir.resolve(rel.substring(0, slash));
            String name = rel.substring(slash + 1);
            List<String> names = listing(parent);
            return names != null && java.util.Collections.binarySearch(names, name) >= 0 ? stat(parent.resolve(name)) : null;
        }

        /** {@code dir}'s names, sorted, listed the first time a walk asks; null when there is no directory there. */
        private List<String> listing(Path dir) throws IOException {
            if (listings.containsKey(dir)) return listings.get(dir);
            List<String> names = sorted(list(dir));
            listings.put(dir, names);
            return names;
        }

        void entry(String name, Map<String, Object> stat) {
            digest.update(name.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            if (stat == null) {
                digest.update((byte) 1);   // absent
                return;
            }
            long mtime = nanos(stat.get("lastModifiedTime"));
            long ctime = nanos(stat.get("ctime"));
            newest = Math.max(newest, Math.max(mtime, ctime));
            fields.clear();
            fields.putLong((Long) stat.get("ino")).putLong((Long) stat.get("size")).putLong(mtime).putLong(ctime)
                    .putLong((Integer) stat.get("nlink")).putLong((Integer) stat.get("mode")).putLong((Integer) stat.get("uid"));
            digest.update(fields.array(), 0, fields.position());
        }

        /**
         * The work tree below {@code root}, without {@code .git} and the ignored paths (relative,
         * '/'-separated, as jgit names them); false when a directory below holds a repository of its own.
         */
        boolean tree(Path root, Set<String> ignored) throws IOException {
            entry("", stat(root));
            return walk(root, "", (rel, name) -> {
                if (name.equals(".git")) return rel.isEmpty() ? Step.SKIP : Step.REFUSE;   // a nested repository: its state is not in this clone's files
                return ignored.contains(rel.isEmpty() ? name : rel + "/" + name) ? Step.SKIP : Step.ENTER;
            });
        }

        /**
         * The files of {@code .git} a status and the refs read: HEAD, config, index, packed-refs,
         * the ignore and attribute files under info/, each ref in {@code refs} as a loose file (absent
         * ones too: a ref made later is a change), and {@code worktrees/} whole. False when one of them
         * is a link: jgit reads through it, and its target's changes are not in the link's own lstat.
         * The names directly in {@code .git} come from its one listing; the deeper ones are probed
         * (an absent one costs one stat, a present one two: less than listing their directories).
         */
        boolean gitDir(Path git, Set<String> refs) throws IOException {
            var names = new ArrayList<String>(GIT_FILES);
            names.addAll(refs);
            for (String name : names) {
                var stat = name.indexOf('/') < 0 ? listed(git, name) : probe(git.resolve(name));
                if (stat != null && type(stat) == S_IFLNK) return false;
                entry(".git/" + name, stat);
            }
            var worktrees = listed(git, "worktrees");
            entry(".git/worktrees", worktrees);
            if (worktrees != null && type(worktrees) == S_IFDIR) walk(git.resolve("worktrees"), ".git/worktrees/", (rel, name) -> Step.ENTER);
            return true;
        }

        /**
         * lstat of {@code p}, or null when nothing is there: one {@code stat} (following links, as
         * jgit's reads do) answers an absent name without the exception a failed lstat costs.
         */
        Map<String, Object> probe(Path p) throws IOException {
            return p.toFile().exists() ? stat(p) : null;
        }

        /** What a walk does with an entry: leaves it out, takes it (and what is below it), or gives up on the whole walk. */
        private enum Step { SKIP, ENTER, REFUSE }

        private interface Rule {
            Step step(String rel, String name);
        }

        /**
         * Every entry below {@code root} the rule takes, depth first in name order, each named
         * {@code prefix} + its relative path; false when the rule refused one.
         */
        private boolean walk(Path root, String prefix, Rule rule) throws IOException {
            var pending = new ArrayDeque<String>();
            pending.push("");
            while (!pending.isEmpty()) {
                String rel = pending.pop();
                Path dir = rel.isEmpty() ? root : root.resolve(rel);
                var children = new ArrayList<String>();
                for (String name : names(dir)) {
                    String child = rel.isEmpty() ? name : rel + "/" + name;
                    Step step = rule.step(rel, name);   // by name: what is skipped is not stat-ed
                    if (step == Step.REFUSE) return false;
                    if (step == Step.SKIP) continue;
                    var stat = stat(dir.resolve(name));
                    boolean isDir = stat != null && type(stat) == S_IFDIR;
                    entry(prefix + child, stat);
                    if (isDir) children.add(child);
                }
                for (int i = children.size() - 1; i >= 0; i--) pending.push(children.get(i));   // name order when popped
            }
            return true;
        }

        /**
         * A directory's entry names, sorted, for the walk (a listing this walk already took is
         * reused: the clone root's); none when it went away meanwhile.
         */
        private List<String> names(Path dir) throws IOException {
            var out = listings.containsKey(dir) ? listings.get(dir) : sorted(list(dir));
            if (out == null) return List.of();   // swapped meanwhile: the digest differs from the last one either way
            digest.update((byte) 2);
            return out;
        }

        private static List<String> sorted(List<String> names) {
            if (names != null) names.sort(null);
            return names;
        }

        /**
         * A directory's entry names; null when there is no directory there. {@link java.io.File#list}
         * first: it lists with about half the calls of a directory stream (no descriptor duplicated,
         * no flags read and set); when it answers nothing, the stream says why (absent, not a
         * directory: null; anything else throws, and the clone gets no stamp).
         */
        private static List<String> list(Path dir) throws IOException {
            String[] names = dir.toFile().list();
            if (names != null) return new ArrayList<>(java.util.Arrays.asList(names));
            var out = new ArrayList<String>();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                for (Path p : entries) out.add(p.getFileName().toString());
            } catch (NoSuchFileException | java.nio.file.NotDirectoryException e) {
                return null;
            }
            return out;
        }
    }
}
