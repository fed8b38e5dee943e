package dev.factory.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Keeps a cache directory of the state dir to what the config still declares: a cache file is
 * named after the object it remembers (a digest of a clone's path, of a context), so once that
 * object is no longer declared its file would stay for ever. Only names of the cache's own form
 * are ever removed; anything else in the directory, and any directory, is left where it is.
 */
public final class CacheDirs {
    private CacheDirs() {}

    /** The name of the cache file that remembers {@code key}: 24 hex digits of its SHA-256, then {@code suffix}. */
    public static String name(String key, String suffix) {
        return dev.factory.runtime.Sha256.hex(key).substring(0, 24) + suffix;
    }

    /** Every name {@link #name} gives with {@code suffix}. */
    public static Pattern names(String suffix) {
        return Pattern.compile("[0-9a-f]{24}" + Pattern.quote(suffix));
    }

    /** {@link #retain} of the files {@link #name} gives {@code suffix}, but those of {@code keys}. */
    public static List<String> retainKeys(Path dir, String suffix, java.util.Collection<String> keys) {
        var keep = new java.util.HashSet<String>();
        for (String key : keys) keep.add(name(key, suffix));
        return retain(dir, names(suffix), keep);
    }

    /**
     * Deletes each entry directly in {@code dir} whose name matches {@code ours} and is not in
     * {@code keep}, unless it is a directory. A link is removed itself, never followed; {@code dir}
     * is not listed when it is a link or absent. A file that cannot be deleted is left (a cache
     * costs only disk). Returns the names deleted, sorted.
     */
    public static List<String> retain(Path dir, Pattern ours, Set<String> keep) {
        var deleted = new ArrayList<String>();
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) return deleted;
        try (var entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (keep.contains(name) || !ours.matcher(name).matches()) continue;
                try {
                    if (Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isDirectory()) continue;
                    if (Files.deleteIfExists(entry)) deleted.add(name);
                } catch (IOException e) {
                    // gone meanwhile, or not ours to delete: left
                }
            }
        } catch (IOException | java.nio.file.DirectoryIteratorException e) {
            // unreadable: nothing pruned this time
        }
        deleted.sort(null);
        return deleted;
    }
}
