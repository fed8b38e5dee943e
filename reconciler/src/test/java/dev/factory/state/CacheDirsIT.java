package dev.factory.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What pruning a cache directory deletes, on a real filesystem: only its own names no longer declared, never through a link. */
class CacheDirsIT {
    @TempDir
    Path tmp;

    private final String kept = CacheDirs.name("declared", ".json");
    private final String gone = CacheDirs.name("no longer declared", ".json");

    private Path cache() throws Exception {
        return Files.createDirectories(tmp.resolve("state/cache/clones"));
    }

    @Test
    void onlyTheCachesOwnNamesThatNothingDeclaresAreDeleted() throws Exception {
        Path dir = cache();
        for (String name : List.of(kept, gone, "notes.txt", gone.toUpperCase(), CacheDirs.name("other", ".tsv"), gone + ".tmp")) {
            Files.writeString(dir.resolve(name), "x");
        }

        var deleted = CacheDirs.retain(dir, CacheDirs.names(".json"), Set.of(kept));

        assertEquals(List.of(gone), deleted);
        assertFalse(Files.exists(dir.resolve(gone)));
        for (String left : List.of(kept, "notes.txt", gone.toUpperCase(), CacheDirs.name("other", ".tsv"), gone + ".tmp")) {
            assertTrue(Files.exists(dir.resolve(left)), left + " is not this cache's to delete");
        }
        assertEquals(List.of(), CacheDirs.retain(dir, CacheDirs.names(".json"), Set.of(kept)), "a second prune has nothing to do");
    }

    @Test
    void aLinkIsRemovedItselfAndItsTargetIsNotTouched() throws Exception {
        Path dir = cache();
        Path precious = Files.writeString(tmp.resolve("precious.json"), "not a cache file");
        Files.createSymbolicLink(dir.resolve(gone), precious);

        assertEquals(List.of(gone), CacheDirs.retain(dir, CacheDirs.names(".json"), Set.of()));

        assertFalse(Files.exists(dir.resolve(gone), LinkOption.NOFOLLOW_LINKS));
        assertEquals("not a cache file", Files.readString(precious));
    }

    @Test
    void aDirectoryIsLeftEvenWithACacheFilesName() throws Exception {
        Path dir = cache();
        Files.writeString(Files.createDirectories(dir.resolve(gone)).resolve("inside"), "x");

        assertEquals(List.of(), CacheDirs.retain(dir, CacheDirs.names(".json"), Set.of()));

        assertTrue(Files.exists(dir.resolve(gone).resolve("inside")));
    }

    @Test
    void aCacheDirThatIsALinkIsNotListed() throws Exception {
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.writeString(elsewhere.resolve(gone), "someone else's");
        Files.createDirectories(tmp.resolve("state/cache"));
        Path link = Files.createSymbolicLink(tmp.resolve("state/cache/clones"), elsewhere);

        assertEquals(List.of(), CacheDirs.retain(link, CacheDirs.names(".json"), Set.of()));

        assertTrue(Files.exists(elsewhere.resolve(gone)));
    }

    @Test
    void anAbsentCacheDirIsNothingToDo() {
        assertEquals(List.of(), CacheDirs.retain(tmp.resolve("never made"), CacheDirs.names(".json"), Set.of()));
        assertFalse(Files.exists(tmp.resolve("never made")), "pruning creates nothing");
    }

    @Test
    void namesAreTwentyFourHexDigitsOfTheKeysDigestAndTheSuffix() {
        assertEquals(dev.factory.runtime.Sha256.hex("declared").substring(0, 24) + ".json", kept);
        assertTrue(CacheDirs.names(".json").matcher(kept).matches());
        assertFalse(CacheDirs.names(".json").matcher(kept.substring(1)).matches(), "23 digits");
        assertFalse(CacheDirs.names(".json").matcher("x" + kept.substring(1)).matches(), "not hex");
        assertFalse(CacheDirs.names(".json").matcher(kept.replace(".json", "xjson")).matches(), "the suffix is literal");
    }
}
