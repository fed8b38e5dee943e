package dev.factory.kinds.file;

import dev.factory.engine.RenderedFile;
import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import dev.factory.config.Diagnostic;
import dev.factory.config.SourceLocation;
import dev.factory.plan.Action;
import dev.factory.plan.Address;
import dev.factory.plan.Change;
import dev.factory.plan.KindPlan;
import dev.factory.state.Inventory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The pure diff for rendered files. A file is factory's when the inventory says factory wrote
 * that path; an unowned file at a target path is an error, never overwritten (unless it already
 * holds exactly the desired content, which is adopted). Deletes touch only files whose content
 * is still what factory wrote.
 */
public final class FilePlanner {
    static final int MAX_DIFF_LINES = 200;

    private FilePlanner() {}

    /** @param disk path -> current content, or no entry when the file is absent */
    public static KindPlan plan(List<RenderedFile> desired, Map<Path, byte[]> disk, Map<String, Inventory.Entry> inventory) {
        return plan(desired, disk, Map.of(), Map.of(), inventory);
    }

    /**
     * @param disk path -> current content, or no entry when the file is absent
     * @param blocked path -> why factory will not read or write it (a link at or on the way to it):
     *     such a path is unknown, never created, updated or deleted, and its content never shown
     */
    public static KindPlan plan(List<RenderedFile> desired, Map<Path, byte[]> disk, Map<Path, String> modes, Map<Path, String> blocked,
                                Map<String, Inventory.Entry> inventory) {
        var changes = new ArrayList<Change>();
        var diagnostics = new ArrayList<Diagnostic>();
        var observed = new TreeMap<String, String>();
        var ownedPaths = new HashMap<Path, String>();
        inventory.forEach((address, e) -> {
            if (RenderedFile.KIND.equals(e.kind()) && e.id() != null) ownedPaths.put(Path.of(e.id()), e.hash());
        });
        var desiredPaths = new HashSet<Path>();
        for (RenderedFile spec : desired) {
            desiredPaths.add(spec.path());
            byte[] current = disk.get(spec.path());
            String currentHash = current == null ? null : dev.factory.runtime.Sha256.hex(current);   // once: observed, before, and after when the same
            observed.put(spec.address().toString(), current == null ? "absent" : currentHash);
            String why = blocked.get(spec.path());
            if (why != null) {
                diagnostics.add(Diagnostic.error(SourceLocation.of(spec.path()), "files", spec.address() + ": " + why));
                changes.add(new Change(spec.address(), Action.UNKNOWN, why, null, null, List.of()));
                continue;
            }
            changes.add(planOne(spec, current, currentHash, modes.get(spec.path()), ownedPaths, diagnostics));
        }
        var declared = new java.util.HashSet<String>();
        desired.forEach(s -> declared.add(s.address().toString()));
        for (var e : new TreeMap<>(inventory).entrySet()) {
            Inventory.Entry entry = e.getValue();
            if (!RenderedFile.KIND.equals(entry.kind()) || declared.contains(e.getKey())) continue;
            Address address = Address.parse(e.getKey());
            Path path = Path.of(entry.id());
            byte[] current = disk.get(path);
            observed.put(e.getKey(), current == null ? "absent" : dev.factory.runtime.Sha256.hex(current));
            var before = FilePayload.at(path.toString());
            if (blocked.containsKey(path) && !desiredPaths.contains(path)) {
                diagnostics.add(Diagnostic.warning(SourceLocation.of(path), "files", address + ": " + blocked.get(path) + "; left in place"));
                changes.add(Change.of(address, Action.UNKNOWN, blocked.get(path), before, null, List.of()));
            } else if (desiredPaths.contains(path)) {
                changes.add(Change.of(address, Action.DELETE, "renamed: " + path + " is now rendered under another name; forget this entry", before, null, List.of()));
            } else if (current == null) {
                changes.add(Change.of(address, Action.DELETE, "no longer declared and already gone; forget it", before, null, List.of()));
            } else if (dev.factory.runtime.Sha256.hex(current).equals(entry.hash())) {
                changes.add(Change.of(address, Action.DELETE, "no longer declared", before, null, List.of()));
            } else {
                diagnostics.add(Diagnostic.warning(SourceLocation.of(path), "files", address + ": " + path
                        + " was edited after factory wrote it; it is no longer declared and is left in place"));
                changes.add(Change.of(address, Action.UNKNOWN, "edited since factory wrote it; left in place", before, null, List.of()));
            }
        }
        return new KindPlan(changes, diagnostics, observed);
    }

    private static Change planOne(RenderedFile spec, byte[] current, String currentHash, String currentMode, Map<Path, String> ownedPaths,
                                  List<Diagnostic> diagnostics) {
        Address address = spec.address();
        byte[] wanted = spec.content().getBytes(StandardCharsets.UTF_8);
        boolean same = current != null && java.util.Arrays.equals(current, wanted);
        String hash = same ? currentHash : dev.factory.runtime.Sha256.hex(wanted);
        var after = new FilePayload(spec.path().toString(), hash, spec.mode(), null);
        var before = current == null ? null : new FilePayload(spec.path().toString(), currentHash, null, null);
        if (!spec.errors().isEmpty()) {
            spec.errors().forEach(e -> diagnostics.add(Diagnostic.error(SourceLocation.of(spec.path()), "mcp", address + ": " + e)));
            return Change.of(address, Action.UNKNOWN, String.join("; ", spec.errors()), before, null, List.of());
        }
        spec.warnings().forEach(w -> diagnostics.add(Diagnostic.warning(SourceLocation.of(spec.path()), "mcp", address + ": " + w)));
        if (!spec.blockers().isEmpty()) {
            return Change.of(address, Action.UNKNOWN, String.join("; ", spec.blockers()), before, null, List.of());
        }
        if (current == null) return Change.of(address, Action.CREATE, "not rendered yet", null, after, List.of());
        String owned = ownedPaths.get(spec.path());
        if (owned == null) {
            if (same) return Change.of(address, Action.UPDATE, "identical file already there; adopt it into the inventory", before, after, List.of());
            diagnostics.add(Diagnostic.error(SourceLocation.of(spec.path()), "files", address + ": " + spec.path()
                    + " exists and factory did not write it; move it away (or make it identical) and plan again"));
            return Change.of(address, Action.UNKNOWN, spec.path() + " exists and is not factory's", before, null, List.of());
        }
        if (same && currentMode != null && !currentMode.equals(spec.mode())) {
            return Change.of(address, Action.UPDATE, "mode " + currentMode + " -> " + spec.mode(), before, after, List.of());
        }
        if (same) return Change.of(address, Action.NO_OP, "up to date", before, after, List.of());
        var withDiff = new FilePayload(after.path(), after.hash(), after.mode(), diff(spec.path(), new String(current, StandardCharsets.UTF_8), spec.content()));
        String reason = currentHash.equals(owned) ? "content changed" : "edited outside factory; the edit is replaced";
        return Change.of(address, Action.UPDATE, reason, before, withDiff, List.of());
    }

    /** A unified diff, cut at {@value #MAX_DIFF_LINES} lines. Rendered files hold references, never secret values. */
    static String diff(Path path, String was, String now) {
        List<String> a = was.lines().toList();
        List<String> b = now.lines().toList();
        var lines = UnifiedDiffUtils.generateUnifiedDiff("a" + path, "b" + path, a, DiffUtils.diff(a, b), 3);
        if (lines.size() > MAX_DIFF_LINES) {
            int more = lines.size() - MAX_DIFF_LINES;
            lines = new ArrayList<>(lines.subList(0, MAX_DIFF_LINES));
            lines.add("... (" + more + " more lines)");
        }
        return String.join("\n", lines);
    }
}
