package dev.factory.git;

import dev.factory.kinds.repo.RepoSpec;
import dev.factory.kinds.repo.RepoState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.factory.testing.GitCli;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SimpleLruCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeding jgit's per-directory file-store cache. If a jgit upgrade moves that cache, this fails
 * (plans would still be right, but a cold plan with many containers would slow down ~5x again).
 */
class JgitFileStoresIT {
    @TempDir
    Path tmp;

    @Test
    void theDirectoriesJgitSnapshotsAreAnsweredFromTheDevicesEntry() throws Exception {
        Path bare = GitCli.bareWithCommit(tmp, "remote", "README.md", "hello\n");
        Path clone = tmp.resolve("clone");
        GitCli.git(tmp, "clone", bare.toString(), clone.toString());

        JgitFileStores.seedClone(clone, "file://" + bare);

        var cache = jgitCache();
        var expected = FS.getFileStoreAttributes(tmp);
        for (Path dir : List.of(clone.resolve(".git"), clone.resolve(".git/refs/heads"), clone.resolve(".git/refs/remotes/origin"),
                clone.resolve(".git/objects"), bare.resolve("objects"), bare.resolve("refs/heads"))) {
            var seeded = cache.get(dir);
            assertNotNull(seeded, dir + " was not seeded");
            assertEquals(expected.getFsTimestampResolution(), seeded.getFsTimestampResolution(), dir.toString());
        }
        RepoState state = RepoObserver.observe(new RepoSpec("r", "file://" + bare, clone, "main", null, null, null), dev.factory.kinds.repo.Clones.Fetch.INTO_CLONE, null, null);
        assertEquals(0, state.behind());
        assertEquals(state.head(), state.remoteHead(), "jgit reads the seeded clone as before");
    }

    @SuppressWarnings("unchecked")
    private static SimpleLruCache<Path, FS.FileStoreAttributes> jgitCache() throws Exception {
        Field field = FS.FileStoreAttributes.class.getDeclaredField("attrCacheByPath");
        field.setAccessible(true);
        return (SimpleLruCache<Path, FS.FileStoreAttributes>) field.get(null);
    }
}
