package dev.factory.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secret files on a real file system: parsing, checks that never carry a value, resolution. */
class SecretStoreIT {
    @TempDir
    Path dir;

    @Test
    void resolvesReferencesInsideValues() throws Exception {
        Files.writeString(dir.resolve("sentry.env"), "# sentry\nexport SENTRY_TOKEN=\"tok-123\"\nDSN='https://x@y/1'\n\n");
        var store = new SecretStore(dir, Map.of("GH_TOKEN", "gh-456"));

        assertEquals("Bearer tok-123 and gh-456", store.resolve("Bearer ${secret:sentry.env#SENTRY_TOKEN} and ${env:GH_TOKEN}"));
        assertEquals("https://x@y/1", store.resolve("${secret:sentry.env#DSN}"));
        assertEquals("plain $1 \\ value", store.resolve("plain $1 \\ value"));
    }

    @Test
    void problemsNameTheReferenceNeverAValue() throws Exception {
        Files.writeString(dir.resolve("a.env"), "KEY=the-value\n");
        var store = new SecretStore(dir, Map.of());

        List<String> problems = store.problems("${secret:a.env#OTHER} ${secret:missing.env#K} ${env:NOPE} ${secret:a.env#KEY}");

        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("has no key OTHER"));
        assertTrue(problems.get(1).contains("does not exist"));
        assertTrue(problems.get(2).contains("NOPE is not set"));
        assertFalse(problems.toString().contains("the-value"));
        var e = assertThrows(java.io.IOException.class, () -> store.resolve("${secret:a.env#OTHER}"));
        assertFalse(e.getMessage().contains("the-value"));
    }

    @Test
    void looseModesAreReported() throws Exception {
        Path f = Files.writeString(dir.resolve("b.env"), "K=v\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        assertTrue(SecretStore.looseMode(f).isEmpty());
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
        assertTrue(SecretStore.looseMode(f).orElseThrow().contains("chmod 600"));
    }

    @Test
    void malformedReferencesSayWhatToWrite() {
        var e = assertThrows(IllegalArgumentException.class, () -> SecretRef.findIn("${secret:stripe.env}"));
        assertTrue(e.getMessage().contains("${secret:FILE#KEY}"));
    }
}
