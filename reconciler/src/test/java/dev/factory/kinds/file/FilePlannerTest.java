package dev.factory.kinds.file;

import dev.factory.engine.RenderedFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.kinds.image.BuildInputs;
import dev.factory.plan.Action;
import dev.factory.plan.Address;
import dev.factory.plan.Change;
import dev.factory.plan.KindPlan;
import dev.factory.state.Inventory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FilePlannerTest {
    private static final Path P = Path.of("/home/ali/.claude/.mcp.json");
    private final Map<Path, byte[]> disk = new HashMap<>();
    private final Map<String, Inventory.Entry> inventory = new HashMap<>();

    private void written(String address, Path path, String content) {
        disk.put(path, content.getBytes(StandardCharsets.UTF_8));
        inventory.put(address, new Inventory.Entry("file", path.toString(), dev.factory.runtime.Sha256.hex(content), Instant.now(), null));
    }

    private KindPlan plan(RenderedFile... specs) {
        return FilePlanner.plan(List.of(specs), disk, inventory);
    }

    private static RenderedFile spec(String content) {
        return RenderedFile.of(Address.parse("file/claude/.mcp.json"), P, content);
    }

    private static Change only(KindPlan plan) {
        assertEquals(1, plan.changes().size(), plan.changes().toString());
        return plan.changes().get(0);
    }

    @Test
    void createsThenKeepsThenUpdatesWithADiff() {
        assertEquals(Action.CREATE, only(plan(spec("a\n"))).action());
        written("file/claude/.mcp.json", P, "a\nb\n");
        assertEquals(Action.NO_OP, only(plan(spec("a\nb\n"))).action());
        var update = only(plan(spec("a\nc\n")));
        assertEquals(Action.UPDATE, update.action());
        assertEquals("--- a/home/ali/.claude/.mcp.json\n+++ b/home/ali/.claude/.mcp.json\n@@ -1,2 +1,2 @@\n a\n-b\n+c", update.after().get("diff"));
    }

    @Test
    void anEditOutsideFactoryIsNamedAndReplaced() {
        written("file/claude/.mcp.json", P, "a\n");
        disk.put(P, "hand edit\n".getBytes(StandardCharsets.UTF_8));
        assertEquals("edited outside factory; the edit is replaced", only(plan(spec("a\n"))).reason());
    }

    @Test
    void anUnownedFileIsAnErrorUnlessIdentical() {
        disk.put(P, "someone's\n".getBytes(StandardCharsets.UTF_8));
        var plan = plan(spec("ours\n"));
        assertEquals(Action.UNKNOWN, only(plan).action());
        assertTrue(plan.diagnostics().get(0).isError());
        disk.put(P, "ours\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(Action.UPDATE, only(plan(spec("ours\n"))).action(), "identical content is adopted");
    }

    @Test
    void deletesOnlyUndeclaredFilesStillAsWritten() {
        written("file/old", Path.of("/x/old"), "old\n");
        assertEquals(Action.DELETE, only(plan()).action());
        disk.put(Path.of("/x/old"), "edited\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(Action.UNKNOWN, only(plan()).action(), "an edited file is left in place");
        disk.remove(Path.of("/x/old"));
        assertTrue(only(plan()).reason().contains("already gone"));
    }

    @Test
    void secretProblemsBlockWithoutRenderingEmpty() {
        var blocked = new RenderedFile(Address.parse("file/claude/.mcp.json"), P, "{}", List.of(), List.of("server sentry header Authorization: ${secret:sentry.env#T}: secret file does not exist"), List.of());
        var c = only(plan(blocked));
        assertEquals(Action.UNKNOWN, c.action());
        assertTrue(c.reason().contains("secret file does not exist"));
    }

    @Test
    void aLinkAtOrOnTheWayToAPathIsUnknownAndNeverRead() {
        written("file/claude/.mcp.json", P, "a\n");
        var plan = FilePlanner.plan(List.of(spec("b\n")), disk, Map.of(), Map.of(P, P + " is a symbolic link; factory never writes through a link: remove it"), inventory);
        var change = only(plan);
        assertEquals(Action.UNKNOWN, change.action(), "never an update through a link");
        assertEquals(null, change.after(), "no diff, no content of what the link points at");
        assertTrue(plan.diagnostics().stream().anyMatch(d -> d.isError() && d.summary().contains("symbolic link")), plan.diagnostics().toString());
    }

    @Test
    void anOwnedFileBehindALinkIsNotDeleted() {
        written("file/old/notes.txt", Path.of("/srv/notes.txt"), "x\n");
        var plan = FilePlanner.plan(List.of(), disk, Map.of(), Map.of(Path.of("/srv/notes.txt"), "/srv is a symbolic link"), inventory);
        assertEquals(Action.UNKNOWN, only(plan).action());
    }

    @Test
    void aModeThatDiffersIsAnUpdateAndTheModeIsPlanned() {
        written("file/claude/.mcp.json", P, "a\n");
        var spec = spec("a\n").withMode("600");
        assertEquals("0600", spec.mode(), "three digits read as four");
        var plan = FilePlanner.plan(List.of(spec), disk, Map.of(P, "0644"), Map.of(), inventory);
        assertEquals(Action.UPDATE, only(plan).action());
        assertEquals("mode 0644 -> 0600", only(plan).reason());
        assertEquals("0600", only(plan).after().get("mode"));
        assertEquals(Action.NO_OP, only(FilePlanner.plan(List.of(spec), disk, Map.of(P, "0600"), Map.of(), inventory)).action());
        assertEquals("0644", only(plan(spec("a\n"))).after().get("mode"), "the default");
    }

    @Test
    void modesBecomePermissions() {
        var perms = java.nio.file.attribute.PosixFilePermissions.toString(spec("x").withMode("0640").permissions());
        assertEquals("rw-r-----", perms);
        assertEquals("rwxr-x--x", java.nio.file.attribute.PosixFilePermissions.toString(spec("x").withMode("0751").permissions()));
        assertEquals("0640", OnDisk.mode(java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----")));
        assertEquals("0000", OnDisk.mode(java.util.Set.of()));
    }
}
