package dev.factory.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The schema's verdict on a config, remembered by content: a config whose files are byte for byte
 * those of one the same schema found nothing wrong with is not validated again, so a plan of an
 * unchanged config never loads the validator (~0.3 s of a cold run). Only a clean verdict is kept
 * (a config with findings is validated every time, so they are always printed), one empty file per
 * verdict named by the digest of the schema and of every config file's path and the digest of its bytes
 * (taken once per file a process keeps parsed, not once per load).
 *
 * <p>Kept in the invoking user's cache ({@code $XDG_CACHE_HOME/factory/schema-verdicts}, else
 * {@code ~/.cache/factory/schema-verdicts}), a directory only that user can write: one that is a
 * link, is owned by someone else, or is writable by group or others is not used ({@link PrivateCacheDir}). Losing it only
 * costs the validation; semantic checks run on every load whatever it says.
 */
public final class SchemaVerdicts {
    private static final String VERSION = "factory-schema-verdict-v2";   // v2: each file by the digest of its bytes

    private final Path dir;
    private final String schemaDigest;

    private SchemaVerdicts(Path dir, String schemaDigest) {
        this.dir = dir;
        this.schemaDigest = schemaDigest;
    }

    /** Remembers nothing: every config is validated. */
    public static SchemaVerdicts none() {
        return new SchemaVerdicts(null, "");
    }

    /** Verdicts under {@code dir} for the schema whose text digests to {@code schemaDigest}. */
    public static SchemaVerdicts at(Path dir, String schemaDigest) {
        return new SchemaVerdicts(dir, schemaDigest);
    }

    /** The invoking user's cache directory for verdicts, from the environment; null when there is no home. */
    public static Path userCacheDir(java.util.Map<String, String> env) {
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && xdg.startsWith("/")) return Path.of(xdg, "factory", "schema-verdicts");
        String home = env.get("HOME");
        if (home != null && home.startsWith("/")) return Path.of(home, ".cache", "factory", "schema-verdicts");
        return null;
    }

    /** A digest being fed one config file after another, in a fixed (sorted) order. */
    public Key key() {
        return new Key(this);
    }

    public static final class Key {
        private final MessageDigest md = dev.factory.runtime.Sha256.digest();

        private Key(SchemaVerdicts verdicts) {
            add(VERSION);
            add(verdicts.schemaDigest);
        }

        /** Adds one config file: its path below the config dir and the SHA-256 of its bytes, each length-prefixed. */
        public void file(String relativePath, byte[] bytesDigest) {
            add(relativePath);
            add(bytesDigest);
        }

        private void add(String s) {
            add(s.getBytes(StandardCharsets.UTF_8));
        }

        private void add(byte[] bytes) {
            md.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
            md.update(bytes);
        }

        String hex() {
            return HexFormat.of().formatHex(md.digest());
        }
    }

    /** Whether the schema passed exactly this config before. */
    public boolean passed(String key) {
        Path d = usable(false);
        return d != null && Files.isRegularFile(d.resolve(key), LinkOption.NOFOLLOW_LINKS);
    }

    /** Records a clean verdict; a cache that cannot be written costs only the next validation. */
    public void remember(String key) {
        Path d = usable(true);
        if (d == null) return;
        try {
            Path file = d.resolve(key);
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) Files.createFile(file);
        } catch (IOException e) {
            // read-only home, full disk, a race with another run: nothing is wrong
        }
    }

    /** The directory when it is one only this user can write (made, private, when asked to); else null. */
    private Path usable(boolean create) {
        return dir == null || schemaDigest.isEmpty() ? null : PrivateCacheDir.usable(dir, create);
    }
}
