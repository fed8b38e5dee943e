package dev.factory.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A clean schema verdict remembered by content: reused only for the same bytes, schema and a private directory. */
class SchemaVerdictsTest {
    @TempDir
    Path tmp;

    private static String key(SchemaVerdicts v, String... pathThenText) {
        var k = v.key();
        for (int i = 0; i < pathThenText.length; i += 2) {
            k.file(pathThenText[i], dev.factory.runtime.Sha256.digest().digest(pathThenText[i + 1].getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        return k.hex();
    }

    @Test
    void aVerdictHoldsForTheSameFilesAndSchemaOnly() {
        var v = SchemaVerdicts.at(tmp.resolve("verdicts"), "schema-1");
        String k = key(v, "factory.yaml", "volumes: {data: {}}\n");
        assertFalse(v.passed(k));
        v.remember(k);
        assertTrue(v.passed(k));
        assertTrue(v.passed(key(v, "factory.yaml", "volumes: {data: {}}\n")), "the same bytes digest alike");
        assertFalse(v.passed(key(v, "factory.yaml", "volumes: {data: {}} \n")), "one byte more is another config");
        assertFalse(v.passed(key(v, "other.yaml", "volumes: {data: {}}\n")), "the path is part of it");
        assertNotEquals(key(v, "a", "bc"), key(v, "ab", "c"), "path and text cannot run into each other");
        assertNotEquals(key(v, "a", "b", "c", "d"), key(v, "a", "bc", "", "d"));
        var newSchema = SchemaVerdicts.at(tmp.resolve("verdicts"), "schema-2");
        assertFalse(newSchema.passed(key(newSchema, "factory.yaml", "volumes: {data: {}}\n")), "a new schema judges again");
    }

    @Test
    void theDirectoryIsMadePrivateAndOneOthersCanWriteIsNotTrusted() throws Exception {
        Path dir = tmp.resolve("cache/verdicts");
        var v = SchemaVerdicts.at(dir, "s");
        String k = key(v, "f.yaml", "x: 1\n");
        v.remember(k);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertFalse(v.passed(k), "anyone could have planted it");
    }

    @Test
    void aLinkedDirectoryOrAPlantedLinkIsNotTrusted() throws Exception {
        Path real = Files.createDirectories(tmp.resolve("real"));
        Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rwx------"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), real);
        var viaLink = SchemaVerdicts.at(link, "s");
        String k = key(viaLink, "f.yaml", "x: 1\n");
        viaLink.remember(k);
        assertFalse(Files.exists(real.resolve(k)), "nothing is written through a link");
        assertFalse(viaLink.passed(k));

        var direct = SchemaVerdicts.at(real, "s");
        Files.createSymbolicLink(real.resolve(k), tmp.resolve("anything"));
        assertFalse(direct.passed(k), "a verdict is a regular file, never a link");
    }

    @Test
    void noneRemembersNothing() {
        var v = SchemaVerdicts.none();
        String k = key(v, "f.yaml", "x: 1\n");
        v.remember(k);
        assertFalse(v.passed(k));
    }

    @Test
    void theCacheLivesInTheUsersCacheDirectory() {
        assertEquals(Path.of("/x/cache/factory/schema-verdicts"), SchemaVerdicts.userCacheDir(Map.of("XDG_CACHE_HOME", "/x/cache", "HOME", "/root")));
        assertEquals(Path.of("/root/.cache/factory/schema-verdicts"), SchemaVerdicts.userCacheDir(Map.of("HOME", "/root")));
        assertEquals(Path.of("/root/.cache/factory/schema-verdicts"), SchemaVerdicts.userCacheDir(Map.of("XDG_CACHE_HOME", "relative", "HOME", "/root")));
        assertNull(SchemaVerdicts.userCacheDir(Map.of()));
    }

    @Test
    void theBuildsPrecomputedSchemaDigestIsTheDigestOfTheShippedSources() {
        var sections = dev.factory.app.Registry.sections();
        String computed = SchemaValidator.computeSourceDigest(sections);
        assertEquals(computed, SchemaValidator.precomputed(SchemaValidator.sectionNames(sections)),
                "the build's schema-source-digest step did not run, or ran before a schema fragment changed");
        assertEquals(computed, SchemaValidator.sourceDigest(sections));
        var fewer = sections.subList(1, sections.size());
        assertNull(SchemaValidator.precomputed(SchemaValidator.sectionNames(fewer)), "another list of sections is hashed, not looked up");
        assertEquals(SchemaValidator.computeSourceDigest(fewer), SchemaValidator.sourceDigest(fewer));
        assertNotEquals(computed, SchemaValidator.sourceDigest(fewer));
    }

    @Test
    void theLoaderRemembersACleanConfigAndNeverOneWithFindings() throws Exception {
        Path verdicts = tmp.resolve("verdicts");
        var sections = dev.factory.app.Registry.sections();
        var v = SchemaVerdicts.at(verdicts, SchemaValidator.sourceDigest(sections));
        var loader = new ConfigLoader(sections, new dev.factory.git.JgitConfigGit(), v);
        Path config = Files.createDirectories(tmp.resolve("config"));

        Files.writeString(config.resolve("factory.yaml"), "volumes:\n  data: {}\n");
        assertTrue(loader.load(config).ok());
        assertEquals(1, Files.list(verdicts).count(), "a clean verdict is kept");

        Files.writeString(config.resolve("factory.yaml"), "volumes:\n  data: {nonsense: 1}\n");
        for (int i = 0; i < 2; i++) {
            var bad = loader.load(config);
            assertFalse(bad.ok());
            assertTrue(bad.diagnostics().stream().anyMatch(d -> d.format().contains("nonsense")), "reported every time: " + bad.diagnostics());
        }
        assertEquals(1, Files.list(verdicts).count(), "a verdict with findings is not kept");

        // a remembered verdict is what skips the schema: one planted for these exact bytes is believed
        var k = v.key();
        k.file("factory.yaml", dev.factory.runtime.Sha256.digest().digest(Files.readAllBytes(config.resolve("factory.yaml"))));
        v.remember(k.hex());
        assertTrue(loader.load(config).diagnostics().stream().noneMatch(d -> d.format().contains("nonsense")), "the schema did not run");
    }
}
