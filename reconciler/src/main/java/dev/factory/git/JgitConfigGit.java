package dev.factory.git;

import dev.factory.config.ConfigGit;
import dev.factory.config.ConfigRevision;
import dev.factory.fs.TrustedPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/** The config's git facts, read with jgit on {@link NoExecFs}: nothing the repository configures runs. */
public final class JgitConfigGit implements ConfigGit {

    @Override
    public Optional<Path> workTree(Path dir) {
        Path plain = PlainGitDir.find(dir.toAbsolutePath().normalize(), System.getenv());
        if (plain != null) return Optional.of(plain.getParent());
        try {
            var builder = new FileRepositoryBuilder().setFS(NoExecFs.INSTANCE).findGitDir(dir.toAbsolutePath().normalize().toFile());
            if (builder.getGitDir() == null) return Optional.empty();
            var gitDir = builder.getGitDir().toPath().toAbsolutePath().normalize();
            // a bare repository or a separate git dir has no work tree to bound the config by
            if (gitDir.getFileName() == null || !gitDir.getFileName().toString().equals(".git")) return Optional.empty();
            return Optional.of(gitDir.getParent());
        } catch (RuntimeException e) {
            return Optional.empty();   // no readable git directory: the config directory is the boundary
        }
    }

    /** The largest loose commit object read without jgit (inflated); a bigger one is left to jgit. */
    static final int MAX_LOOSE_COMMIT = 1 << 20;
    /** Subjects of commits read before, by id: a commit's content never changes (the daemon reads the same HEAD every plan). */
    private static final Map<ObjectId, String> SUBJECTS = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * HEAD's id and subject. In git's plain layout both are read from the files
     * ({@link PlainGitDir}) while the commit is a loose object; otherwise the id is read from the
     * refs by jgit, and the subject from a subject remembered
     * for that id, else from HEAD's loose object when it is one (a commit made or pulled here usually
     * is), else by jgit. jgit looks in every pack's index before it looks for a loose object, and
     * reads each index whole in ~800 small reads: a config repository that gained a dozen packs
     * from pulls cost a cold plan ~0.2 s of reads for one subject.
     */
    @Override
    public Optional<ConfigRevision> revision(Path dir) {
        Path plain = PlainGitDir.find(dir.toAbsolutePath().normalize(), System.getenv());
        if (plain != null) {   // the plain layout, read without opening the repository; jgit for the subject of a packed commit
            ObjectId head = PlainGitDir.head(plain);
            String subject = head == null ? null : SUBJECTS.get(head);
            if (subject == null && head != null) subject = looseSubject(plain.resolve("objects"), head).orElse(null);
            if (subject != null) {
                remember(head, subject);
                return Optional.of(new ConfigRevision(head.getName(), subject));
            }
        }
        var builder = new FileRepositoryBuilder().setFS(NoExecFs.INSTANCE).readEnvironment().findGitDir(dir.toAbsolutePath().toFile());
        if (builder.getGitDir() == null) return Optional.empty();
        // jgit asks which file store holds .git, objects and refs: one mount-table parse per device, not one each
        JgitFileStores.seedGitDir(builder.getGitDir().toPath());
        try (Repository repo = builder.build()) {
            ObjectId head = repo.resolve(Constants.HEAD);
            if (head == null) return Optional.empty();
            String subject = SUBJECTS.get(head);
            if (subject == null) {
                subject = looseSubject(builder.getObjectDirectory().toPath(), head).orElse(null);
                if (subject == null) {
                    try (RevWalk walk = new RevWalk(repo)) {
                        subject = walk.parseCommit(head).getShortMessage();
                    }
                }
                remember(head, subject);
            }
            return Optional.of(new ConfigRevision(head.getName(), subject));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static void remember(ObjectId head, String subject) {
        if (SUBJECTS.size() > 256) SUBJECTS.clear();
        SUBJECTS.put(head.copy(), subject);
    }

    /**
     * The subject of the commit {@code id} read from its loose object under {@code objects}, or
     * empty when there is none there (packed), or what is there is not that commit: reached through
     * a link (at any depth: read by handle, {@link TrustedPath}), not a regular file (a FIFO would
     * block the read), over {@link #MAX_LOOSE_COMMIT} compressed or inflated, not a commit, or
     * content whose SHA-1 is not {@code id}. Empty always leaves it to jgit.
     */
    static Optional<String> looseSubject(Path objects, ObjectId id) {
        String name = id.name();
        Path file = objects.resolve(name.substring(0, 2)).resolve(name.substring(2)).toAbsolutePath();
        byte[] compressed = PlainGitDir.read(file, MAX_LOOSE_COMMIT);
        if (compressed == null) return Optional.empty();   // absent (packed), a link on the way, not a regular file, or too big
        byte[] raw;
        try (var in = new java.util.zip.InflaterInputStream(new java.io.ByteArrayInputStream(compressed))) {
            raw = in.readNBytes(MAX_LOOSE_COMMIT + 1);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();   // not zlib
        }
        if (raw.length > MAX_LOOSE_COMMIT) return Optional.empty();
        byte[] header = "commit ".getBytes(StandardCharsets.US_ASCII);
        int nul = 0;
        while (nul < raw.length && raw[nul] != 0) nul++;
        if (nul == raw.length || !java.util.Arrays.equals(raw, 0, header.length, header, 0, header.length)) return Optional.empty();
        String size = new String(raw, header.length, nul - header.length, StandardCharsets.US_ASCII);
        if (!size.equals(Integer.toString(raw.length - nul - 1))) return Optional.empty();
        try {
            if (!ObjectId.fromRaw(MessageDigest.getInstance("SHA-1").digest(raw)).equals(id)) return Optional.empty();
        } catch (java.security.NoSuchAlgorithmException e) {
            return Optional.empty();
        }
        byte[] body = java.util.Arrays.copyOfRange(raw, nul + 1, raw.length);
        String plain = plainSubject(body);
        if (plain != null) return Optional.of(plain);
        try {
            return Optional.of(RevCommit.parse(body).getShortMessage());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * A commit's subject as jgit's {@code getShortMessage} gives it (the message's first paragraph,
     * its line breaks as spaces), read by hand for the usual commit: no {@code encoding} header, a
     * paragraph of UTF-8 with no carriage return. Null for anything else, which jgit then reads:
     * {@code RevCommit.parse} builds a {@code RevWalk}, whose first use loads ~100 classes and
     * reads the user's git config (~0.1 s of a cold plan).
     */
    static String plainSubject(byte[] body) {
        int at = 0;
        while (true) {   // the headers, up to the empty line
            if (at >= body.length) return "";
            if (body[at] == '\n') {
                at++;
                break;
            }
            if (startsWith(body, at, "encoding ")) return null;
            int lf = indexOf(body, (byte) '\n', at);
            if (lf < 0) return "";   // no message
            at = lf + 1;
        }
        int end = at;
        while (end < body.length && body[end] != '\n') {   // the first paragraph: lines up to an empty one
            int lf = indexOf(body, (byte) '\n', end);
            end = lf < 0 ? body.length : lf + 1;
        }
        if (end > at && body[end - 1] == '\n') end--;
        for (int i = at; i < end; i++) if (body[i] == '\r') return null;
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        try {
            return decoder.decode(java.nio.ByteBuffer.wrap(body, at, end - at)).toString().replace('\n', ' ');
        } catch (java.nio.charset.CharacterCodingException e) {
            return null;
        }
    }

    private static boolean startsWith(byte[] b, int at, String prefix) {
        if (at + prefix.length() > b.length) return false;
        for (int i = 0; i < prefix.length(); i++) if (b[at + i] != prefix.charAt(i)) return false;
        return true;
    }

    private static int indexOf(byte[] b, byte wanted, int from) {
        for (int i = from; i < b.length; i++) if (b[i] == wanted) return i;
        return -1;
    }

    /** Each blamed file's line commits, kept for this instance's life (one drift report): a file is blamed once. */
    private final java.util.Map<Path, Optional<LineChange[]>> blamed = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public Optional<LineChange> lastChange(Path file, int from, int to) {
        var lines = blamed.computeIfAbsent(file.toAbsolutePath().normalize(), JgitConfigGit::blame);
        if (lines.isEmpty()) return Optional.empty();
        LineChange newest = null;
        for (int i = Math.max(0, from - 1); i < Math.min(to, lines.get().length); i++) {
            LineChange c = lines.get()[i];
            if (c != null && (newest == null || c.time() > newest.time())) newest = c;
        }
        return Optional.ofNullable(newest);
    }

    /** The commit that last changed each line of {@code absolute} as committed at HEAD; empty outside git. */
    private static Optional<LineChange[]> blame(Path absolute) {
        var root = new JgitConfigGit().workTree(absolute.getParent());
        if (root.isEmpty()) return Optional.empty();
        String relative = root.get().relativize(absolute).toString().replace('\\', '/');
        try (org.eclipse.jgit.api.Git git = GitRepos.open(root.get())) {
            var head = git.getRepository().resolve(Constants.HEAD);
            if (head == null) return Optional.empty();
            var blame = git.blame().setFilePath(relative).setStartCommit(head).call();
            if (blame == null) return Optional.empty();
            var out = new LineChange[blame.getResultContents().size()];
            for (int i = 0; i < out.length; i++) {
                RevCommit c = blame.getSourceCommit(i);
                if (c != null) out[i] = new LineChange(c.getName(), c.getShortMessage(), c.getCommitTime());
            }
            return Optional.of(out);
        } catch (IOException | org.eclipse.jgit.api.errors.GitAPIException | RuntimeException e) {
            return Optional.empty();   // no history to read: the drift report falls back to the last apply
        }
    }
}
