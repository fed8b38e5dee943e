package dev.factory.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inventory a long-running process keeps parsed: reused only for the exact bytes it was
 * parsed from, and each load an inventory of its own.
 */
class InventoryKeptTest {
    @TempDir
    Path tmp;

    private static final Instant AT = Instant.parse("2026-11-27T10:00:00Z");

    @Test
    void theSameBytesAreParsedOnceAndAChangedByteIsParsedAgain() throws Exception {
        var dir = new StateDir(tmp);
        Files.createDirectories(tmp);
        Inventory.load(dir).put("volume/data", new Inventory.Entry("volume", "data", "h1", AT, null));
        var kept = new Inventory.Kept();

        assertEquals("h1", Inventory.load(dir, kept).get("volume/data").orElseThrow().hash());
        assertEquals("h1", Inventory.load(dir, kept).get("volume/data").orElseThrow().hash());
        assertEquals(1, kept.parses(), "the same bytes: parsed once");

        // the same length, and the modification time put back: only the bytes tell
        var mtime = Files.getLastModifiedTime(dir.inventoryFile());
        Files.writeString(dir.inventoryFile(), Files.readString(dir.inventoryFile()).replace("\"h1\"", "\"h2\""));
        Files.setLastModifiedTime(dir.inventoryFile(), mtime);
        assertEquals("h2", Inventory.load(dir, kept).get("volume/data").orElseThrow().hash());
        assertEquals(2, kept.parses());

        Files.delete(dir.inventoryFile());
        assertTrue(Inventory.load(dir, kept).all().isEmpty(), "no file: empty, whatever was kept");
    }

    @Test
    void eachLoadIsAnInventoryOfItsOwn() throws Exception {
        var dir = new StateDir(tmp);
        Inventory.load(dir).put("volume/data", new Inventory.Entry("volume", "data", "h1", AT, null));
        var kept = new Inventory.Kept();
        var a = Inventory.load(dir, kept);
        var b = Inventory.load(dir, kept);
        b.remove("volume/data");
        assertTrue(a.get("volume/data").isPresent(), "a removal in one is not seen by another");
        assertFalse(b.get("volume/data").isPresent());
        assertTrue(Inventory.load(dir, kept).all().isEmpty(), "b saved the file: read afresh");
        assertEquals(2, kept.parses());
    }

    @Test
    void allIsWhatTheInventoryHeldWhenAskedAndAWriteIsInTheNextAnswer() throws Exception {
        var dir = new StateDir(tmp);
        Inventory.load(dir).put("volume/data", new Inventory.Entry("volume", "data", "h1", AT, null));
        var kept = new Inventory.Kept();
        Inventory.load(dir, kept);
        var inventory = Inventory.load(dir, kept);   // from what was kept
        var before = inventory.all();
        assertEquals(java.util.List.of("volume/data"), java.util.List.copyOf(before.keySet()));
        assertThrows(UnsupportedOperationException.class, () -> before.remove("volume/data"));

        inventory.put("volume/logs", new Inventory.Entry("volume", "logs", "h2", AT, null));
        assertEquals(java.util.List.of("volume/data"), java.util.List.copyOf(before.keySet()), "an earlier answer does not change");
        assertEquals(java.util.List.of("volume/data", "volume/logs"), java.util.List.copyOf(inventory.all().keySet()));
        inventory.put("volume/data", new Inventory.Entry("volume", "data", "h3", AT, null));
        assertEquals("h3", inventory.all().get("volume/data").hash(), "a replaced entry is in the next answer");
        inventory.remove("volume/logs");
        assertEquals(java.util.List.of("volume/data"), java.util.List.copyOf(inventory.all().keySet()));
        assertEquals(java.util.List.of("volume/data"), java.util.List.copyOf(Inventory.load(dir, kept).all().keySet()),
                "another load reads what the writes saved");
        assertEquals("h3", Inventory.load(dir, kept).all().get("volume/data").hash());
    }

    @Test
    void anUnreadableFileIsReportedEveryTime() throws Exception {
        var dir = new StateDir(tmp);
        Files.writeString(dir.inventoryFile(), "{\"objects\": ");
        var kept = new Inventory.Kept();
        for (int i = 0; i < 2; i++) {
            var e = assertThrows(java.io.IOException.class, () -> Inventory.load(dir, kept));
            assertTrue(e.getMessage().contains("move it aside"), e.getMessage());
        }
        assertEquals(0, kept.parses());
    }
}
