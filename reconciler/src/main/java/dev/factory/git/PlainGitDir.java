package dev.factory.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.factory.fs.TrustedPath;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;

/**
 * The config repository's git directory and HEAD read straight from the files, in git's plain
 * layout only: a {@code .git} directory found walking up from the config, a {@code HEAD} naming a
 * branch whose ref is a loose file or a line of {@code packed-refs} (or a detached id). Opening the
 * repository with jgit cost a cold plan ~0.25 s of class loading, config parsing and compiling on a
 * side thread, for one id. Anything else (git's environment variables, a {@code .git} file of a
 * linked worktree or submodule, a {@code commondir}, a symbolic ref to another ref, an id that is
 * not SHA-1) answers null, and the caller asks jgit, which knows every layout: this never answers
 * differently from jgit, it only answers the plain case sooner. Nothing is written, no program runs,
 * and HEAD and the refs are read by handle without following a link (a link answers null).
 */
final class PlainGitDir {
    /** The environment jgit's {@code readEnvironment} reads: any of them set, jgit decides. */
    private static final String[] GIT_ENVIRONMENT = {"GIT_DIR", "GIT_WORK_TREE", "GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES",
            "GIT_INDEX_FILE", "GIT_CEILING_DIRECTORIES", "GIT_COMMON_DIR", "GIT_DISCOVERY_ACROSS_FILESYSTEM"};
    /** Bigger is not a ref or HEAD file git wrote. */
    private static final int MAX_REF_BYTES = 4096;
    /** A packed-refs file bigger than this is left to jgit (its refs are read by jgit's own index). */
    private static final long MAX_PACKED_REFS = 8L << 20;

    private PlainGitDir() {}

    /**
     * The plain {@code .git} directory of the work tree holding {@code dir} (absolute), or null when
     * it is not plainly one: jgit decides then (and may find none).
     */
    static Path find(Path dir, Map<String, String> env) {
        for (String name : GIT_ENVIRONMENT) {
            if (env.get(name) != null) return null;
        }
        for (Path d = dir; d != null; d = d.getParent()) {
            Path git = d.resolve(".git");
            if (!Files.exists(git, java.nio.file.LinkOption.NOFOLLOW_LINKS)) continue;
            boolean plain = Files.isDirectory(git, java.nio.file.LinkOption.NOFOLLOW_LINKS) && Files.isDirectory(git.resolve("objects"))
                    && Files.isDirectory(git.resolve("refs")) && !Files.exists(git.resolve("commondir")) && head(git) != null;
            return plain ? git : null;   // the nearest .git decides; one not plainly a repository is left to jgit
        }
        return null;
    }

    /** HEAD's commit id in {@code gitDir}, or null when it is not plainly one (unborn, another layout: jgit decides). */
    static ObjectId head(Path gitDir) {
        String head = small(gitDir.resolve("HEAD"));
        if (head == null) return null;
        if (!head.startsWith("ref: ")) return id(head);
        String ref = head.substring("ref: ".length());
        if (!ref.startsWith("refs/heads/") || !plainRefName(ref)) return null;
        String loose = small(gitDir.resolve(ref));
        if (loose != null) return id(loose);
        if (Files.exists(gitDir.resolve(ref), java.nio.file.LinkOption.NOFOLLOW_LINKS)) return null;   // there, but not plainly a ref
        return packed(gitDir.resolve("packed-refs"), ref);
    }

    /** The id {@code ref} has in a packed-refs file, or null. */
    private static ObjectId packed(Path file, String ref) {
        byte[] bytes = read(file, MAX_PACKED_REFS);
        if (bytes == null) return null;
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("#") || line.startsWith("^")) continue;
            int space = line.indexOf(' ');
            if (space == 40 && line.substring(space + 1).equals(ref)) return id(line.substring(0, space));
        }
        return null;
    }

    /**
     * Whether {@code ref} is a ref name whose loose file may be read plainly (HEAD's branch here, a
     * clone's refs for its stamp), never reaching outside {@code refs/}: made of two or more
     * components of letters, digits and {@code . _ + -}, none empty, none starting with a dot, none
     * holding {@code ..} or ending in {@code .lock} (git's rules), the last not ending with a dot.
     * Every name it accepts is one jgit's {@code Repository.isValidRefName} accepts too
     * (RefNameTest: no dot component, no {@code .git}, nothing git reserves); a valid name outside
     * it (another alphabet, an {@code @}) is left to jgit (a clone's then gets no stamp and is read
     * every time). Checked here rather than by jgit, whose check first sets up its system reader
     * (~0.1 s in a fresh JVM without the class archive), which a cold plan whose clones are all
     * unchanged never needs otherwise.
     */
    static boolean plainRefName(String ref) {
        int components = 0;
        int start = 0;
        while (start <= ref.length()) {
            int end = ref.indexOf('/', start);
            if (end < 0) end = ref.length();
            if (!plainComponent(ref, start, end)) return false;
            components++;
            start = end + 1;
        }
        return components >= 2;
    }

    private static boolean plainComponent(String ref, int from, int to) {
        if (to == from || to - from > 200 || ref.charAt(from) == '.' || to == ref.length() && ref.charAt(to - 1) == '.') return false;
        if (ref.startsWith(".lock", to - 5) && to - 5 >= from) return false;
        for (int i = from; i < to; i++) {
            char c = ref.charAt(i);
            boolean plain = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '+' || c == '-';
            if (!plain || c == '.' && ref.charAt(i - 1) == '.') return false;
        }
        return true;
    }

    /** A SHA-1 id as git writes it (40 lowercase hex digits), or null. */
    private static ObjectId id(String text) {
        if (text.length() != 40) return null;
        for (int i = 0; i < 40; i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) return null;
        }
        return ObjectId.fromString(text);
    }

    /** A regular file's first line, when the file is small; null otherwise. */
    private static String small(Path file) {
        byte[] bytes = read(file, MAX_REF_BYTES);
        if (bytes == null) return null;
        String text = new String(bytes, StandardCharsets.UTF_8);
        int end = text.indexOf('\n');
        String line = end < 0 ? text : text.substring(0, end);
        return line.strip().equals(line) && !line.isEmpty() ? line : null;
    }

    /**
     * A regular file's bytes, at most {@code max}, read by handle with no link followed at any
     * depth ({@link TrustedPath}): a link, a FIFO or anything bigger answers null (jgit decides).
     */
    static byte[] read(Path file, long max) {
        try (var entry = TrustedPath.entry(file, false)) {
            return entry.dir().read(entry.name(), (int) max);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
