package dev.factory.state;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lock and the inventory on a real filesystem. */
class StateLockIT {
    @TempDir
    Path tmp;

    @Test
    void aHeldLockRefusesAndNamesItsHolder() throws Exception {
        var dir = new StateDir(tmp);
        try (var held = StateLock.acquire(dir, "factory apply", w -> {})) {
            var e = assertThrows(LockHeldException.class, () -> StateLock.acquire(dir, "factory apply", w -> {}));
            assertTrue(e.getMessage().contains("pid " + ProcessHandle.current().pid()), e.getMessage());
        }
        var warnings = new ArrayList<String>();
        try (var again = StateLock.acquire(dir, "factory apply", warnings::add)) {
            assertTrue(warnings.isEmpty(), "a cleanly released lock is not stale: " + warnings);
        }
    }

    @Test
    void leftoverContentOfADeadHolderIsTakenOverWithAWarning() throws Exception {
        var dir = new StateDir(tmp);
        Files.writeString(dir.lockFile(), "{\"pid\":999999,\"host\":\"box\",\"command\":\"factory apply\",\"since\":\"2026-11-01T00:00:00Z\"}");
        var warnings = new ArrayList<String>();
        try (var lock = StateLock.acquire(dir, "factory apply", warnings::add)) {
            assertTrue(warnings.size() == 1 && warnings.get(0).contains("pid 999999"), warnings.toString());
            assertTrue(Files.readString(dir.lockFile()).contains("\"pid\":" + ProcessHandle.current().pid()));
        }
    }

    @Test
    void theInventoryIsReplacedWholeAndReadBack() throws Exception {
        var dir = new StateDir(tmp);
        var inventory = Inventory.load(dir);
        inventory.put("image/a", new Inventory.Entry("image", "sha256:1", "h1", java.time.Instant.now(), null));
        inventory.put("image/b", new Inventory.Entry("image", "sha256:2", "h2", java.time.Instant.now(), null));
        inventory.remove("image/a");

        var back = Inventory.load(dir);
        assertTrue(back.get("image/a").isEmpty());
        assertTrue(back.get("image/b").orElseThrow().id().equals("sha256:2"));
        try (var files = Files.list(tmp)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().contains(".tmp-")), "no temp file is left behind");
        }
    }

    @Test
    void aCorruptInventoryIsReportedWithWhatToDo() throws Exception {
        var dir = new StateDir(tmp);
        Files.writeString(dir.inventoryFile(), "{ not json");
        var e = assertThrows(java.io.IOException.class, () -> Inventory.load(dir));
        assertTrue(e.getMessage().contains("move it aside"), e.getMessage());
    }
}
