package dev.factory.kinds.file;

import dev.factory.config.Declared;
import dev.factory.config.Diagnostic;
import dev.factory.config.Section;
import dev.factory.config.SectionContext;
import dev.factory.config.SourceLocation;
import dev.factory.config.YamlDocument;
import dev.factory.kinds.mcp.McpSection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code files:}: files copied from the config or written from inline content. Two declarations
 * that render one path (two files, or a file and an MCP client) are refused at the second,
 * naming the first: each would overwrite the other on every apply.
 */
@dev.factory.engine.KindApi
public final class FileSection implements Section<Map<String, FileDecl>> {
    public static final FileSection SECTION = new FileSection();

    private FileSection() {}

    @Override
    public List<String> keys() {
        return List.of("files");
    }

    @Override
    public List<Section<?>> after() {
        return List.of(McpSection.SECTION, dev.factory.kinds.container.ClusterSection.SECTION);
    }

    @Override
    public Map<String, FileDecl> read(Map<String, List<Declared>> declared, SectionContext ctx) {
        var files = FileRules.read(declared.getOrDefault("files", List.of()), ctx.host(), ctx.configDir(), ctx.tree(), ctx.diagnostics());
        checkTargets(files, declared.getOrDefault("files", List.of()), ctx);
        dev.factory.kinds.container.ClusterSection.checkListed(ctx.get(dev.factory.kinds.container.ClusterSection.SECTION),
                dev.factory.kinds.container.ClusterSpec.NodeSpec::files, "files", "files", files.keySet(), ctx.diagnostics());
        return Section.sorted(files);
    }

    /** A path something renders, and where it was declared (located only when it clashes: thousands of files do not). */
    private record Target(Path path, String what, YamlDocument doc, String pointer, int order) {
        SourceLocation at() {
            return doc.valueLocation(pointer);
        }
    }

    private static void checkTargets(Map<String, FileDecl> files, List<Declared> declared, SectionContext ctx) {
        var targets = new ArrayList<Target>();
        for (Declared d : declared) {
            var decl = files.get(d.name());
            if (decl != null) targets.add(new Target(decl.path(), "files." + d.name(), d.doc(), YamlDocument.pointer(d.pointer(), "path"), targets.size()));
        }
        // the MCP clients' files, located where they were declared
        var mcp = ctx.get(McpSection.SECTION);
        if (!mcp.clients().isEmpty() && mcp.declared() != null) {
            Declared d = mcp.declared();
            mcp.clients().forEach((name, client) -> {
                String pointer = YamlDocument.pointer(YamlDocument.pointer(YamlDocument.pointer(d.pointer(), "clients"), name), "path");
                targets.add(new Target(client.path(), "mcp.clients." + name, d.doc(), pointer, targets.size()));
            });
        }
        var byPath = new HashMap<Path, List<Target>>();
        for (var t : targets) byPath.computeIfAbsent(t.path().normalize(), k -> new ArrayList<>(1)).add(t);
        // in each clash the first in file order renders; each later one is an error naming it, reported in file order
        Comparator<Target> fileOrder = Comparator.comparing((Target t) -> String.valueOf(t.at().file())).thenComparingInt(t -> t.at().line())
                .thenComparingInt(Target::order);
        var clashes = new ArrayList<Target[]>();
        for (var same : byPath.values()) {
            if (same.size() < 2) continue;
            same.sort(fileOrder);
            for (var t : same.subList(1, same.size())) clashes.add(new Target[] {t, same.get(0)});
        }
        clashes.sort(Comparator.comparing((Target[] c) -> c[0], fileOrder));
        for (var c : clashes) {
            Target t = c[0];
            Target earlier = c[1];
            ctx.diagnostics().add(Diagnostic.error(t.at(), t.doc().yamlPath(t.pointer()), t.what() + " and " + earlier.what()
                    + " (" + earlier.at() + ") both render " + t.path() + "; each would overwrite the other on every apply: give one another path"));
        }
    }

    @Override
    public String toString() {
        return "the files section";
    }
}
