package dev.factory.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void aKilledWritersTempFileIsSweptAndAnotherWritersInFlightOneIsNot() throws Exception {
        Path target = dir.resolve("app.fetched");
        Path abandoned = Files.writeString(dir.resolve(".app.fetched.tmp-1-dead"), "half");
        Files.setLastModifiedTime(abandoned, FileTime.from(Instant.now().minus(AtomicFiles.ABANDONED).minusSeconds(5)));
        Path inFlight = Files.writeString(dir.resolve(".app.fetched.tmp-2-live"), "being written");
        Path unrelated = Files.writeString(dir.resolve(".other.tmp-3-old"), "not ours");
        Files.setLastModifiedTime(unrelated, FileTime.from(Instant.now().minusSeconds(3600)));

        AtomicFiles.write(target, "stamp\n".getBytes(StandardCharsets.UTF_8));

        assertEquals("stamp\n", Files.readString(target));
        assertFalse(Files.exists(abandoned), "left by a killed writer: swept");
        assertTrue(Files.exists(inFlight), "a concurrent writer's temp file is not pulled from under it");
        assertTrue(Files.exists(unrelated), "another target's temp files are not this write's business");
    }
}
