package dev.factory.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A loader that keeps parsed files (the daemon's plan server, bench-plan) answers every load as a
 * fresh loader does: a file is parsed again whenever one byte of it changed, a finding is
 * reported on every load, and a file that did not read cleanly is never kept.
 */
class KeptParsesTest {
    @TempDir
    Path dir;

    private static final String VOLUMES = "volumes:\n  data: {}\n  logs: {}\n";

    private static ConfigLoader fresh() {
        return dev.factory.app.Registry.configLoader();
    }

    /** The loads' outcomes as people see them: the sections read, or the findings. */
    private static String seen(ConfigLoader.Result r) {
        return (r.ok() ? r.desired().declared().keySet() + " " + r.desired().declared().values().stream()
                .flatMap(List::stream).map(d -> d.kind() + "/" + d.name() + "=" + d.spec()).toList() : "not ok")
                + " " + r.diagnostics().stream().map(Diagnostic::toString).toList();
    }

    @Test
    void anUnchangedFileIsParsedOnceAndAnyChangedByteIsParsedAgain() throws Exception {
        Path file = dir.resolve("factory.yaml");
        Files.writeString(file, VOLUMES);
        var kept = fresh().keepingParsedFiles();

        var first = kept.load(dir);
        assertTrue(first.ok(), seen(first));
        var second = kept.load(dir);
        assertEquals(1, kept.parsedAndKept(), "the same bytes: not parsed again");
        assertEquals(seen(fresh().load(dir)), seen(second));
        assertTrue(second.desired().declared().get("volumes").stream().anyMatch(d -> d.name().equals("logs")));

        // the same size and the same modification time: only the bytes tell
        var mtime = Files.getLastModifiedTime(file);
        Files.writeString(file, VOLUMES.replace("logs", "logz"));
        Files.setLastModifiedTime(file, mtime);
        var third = kept.load(dir);
        assertEquals(2, kept.parsedAndKept(), "one byte changed: parsed again");
        assertEquals(seen(fresh().load(dir)), seen(third));
        assertTrue(third.desired().declared().get("volumes").stream().anyMatch(d -> d.name().equals("logz")));
        assertFalse(third.desired().declared().get("volumes").stream().anyMatch(d -> d.name().equals("logs")));
    }

    @Test
    void aNewFileIsReadAndARemovedOneIsGone() throws Exception {
        Files.writeString(dir.resolve("a.yaml"), VOLUMES);
        var kept = fresh().keepingParsedFiles();
        kept.load(dir);
        Files.writeString(dir.resolve("b.yaml"), "networks:\n  edge: {}\n");
        var withB = kept.load(dir);
        assertEquals(seen(fresh().load(dir)), seen(withB));
        assertTrue(withB.desired().declared().containsKey("networks"));
        Files.delete(dir.resolve("b.yaml"));
        var withoutB = kept.load(dir);
        assertFalse(withoutB.desired().declared().containsKey("networks"), seen(withoutB));
        assertEquals(2, kept.parsedAndKept(), "a.yaml once, b.yaml once");
    }

    @Test
    void aFileThatDidNotReadCleanlyIsReadAgainAndReportsAgain() throws Exception {
        Path file = dir.resolve("factory.yaml");
        Files.writeString(file, "volumes:\n  data: {}\n  data: {}\n");   // a duplicate key
        var kept = fresh().keepingParsedFiles();
        var first = kept.load(dir);
        var second = kept.load(dir);
        assertFalse(second.ok());
        assertEquals(seen(first), seen(second));
        assertTrue(seen(second).contains("duplicate key 'data'"), seen(second));
        assertEquals(0, kept.parsedAndKept(), "never kept");
    }

    @Test
    void aCredentialWrittenIntoAKeptFileIsRefusedOnEveryLoad() throws Exception {
        Files.writeString(dir.resolve("factory.yaml"), VOLUMES + "files:\n  motd: {path: /tmp/kept-motd, content: \"ghp_"
                + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8\"}\n");
        var kept = fresh().keepingParsedFiles();
        var first = kept.load(dir);
        var second = kept.load(dir);
        assertFalse(second.ok());
        assertEquals(1, kept.parsedAndKept(), "kept: the file read cleanly; the finding is the config's");
        assertEquals(seen(fresh().load(dir)), seen(second));
        assertEquals(seen(first), seen(second));
        assertTrue(seen(second).contains("looks like"), seen(second));
    }
}
