package dev.factory.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DiagnosticsTest {
    private static SourceLocation at(String file, int line, int column) {
        return new SourceLocation(Path.of(file), line, column);
    }

    @Test
    void sortedByFileThenLineThenColumnWithUnlocatedFirst() {
        var d = new Diagnostics();
        d.add(Diagnostic.error(at("b.yaml", 1, 1), "", "b1"));
        d.add(Diagnostic.warning(at("a.yaml", 9, 1), "", "a9"));
        d.add(Diagnostic.error(at("a.yaml", 2, 7), "", "a2c7"));
        d.add(Diagnostic.note(null, "", "none"));
        d.add(Diagnostic.error(at("a.yaml", 2, 3), "", "a2c3"));
        assertEquals(List.of("none", "a2c3", "a2c7", "a9", "b1"), d.sorted().stream().map(Diagnostic::summary).toList());
        assertEquals(3, d.errorCount());
        assertTrue(d.hasErrors());
        assertTrue(d.hasErrorAt(at("a.yaml", 2, 7)));
        assertFalse(d.hasErrorAt(at("a.yaml", 9, 1)), "a warning is not an error");
        assertFalse(d.hasErrorAt(null));
        var quiet = new Diagnostics();
        quiet.add(Diagnostic.warning(null, "", "w"));
        assertFalse(quiet.hasErrors());
        assertEquals(0, quiet.errorCount());
    }

    @Test
    void formatIsFileLineColumnSeverityMessageAndPath() {
        assertEquals("a.yaml:3:5: error: bad (at images.base)", Diagnostic.error(at("a.yaml", 3, 5), "images.base", "bad").format());
        assertEquals("warning: loose", Diagnostic.warning(null, null, "loose").format());
        assertEquals("note: n", Diagnostic.note(null, "", "n").format());
        assertEquals("note: n\n    line one\n    line two", Diagnostic.note(null, "", "n").withDetail("line one\nline two").format());
        assertEquals("note: n", Diagnostic.note(null, "", "n").withDetail("").format());
        assertTrue(Diagnostic.error(null, "", "x").isError());
        assertFalse(Diagnostic.warning(null, "", "x").isError());
        assertFalse(Diagnostic.note(null, "", "x").isError());
    }

    @Test
    void yamlPathsReadAsPeopleWriteThem() {
        var root = new ObjectMapper().valueToTree(Map.of("images", Map.of("base", Map.of("mounts", List.of(Map.of("source", "x")))),
                "a/b", Map.of("c~d", 1)));
        var doc = new YamlDocument(Path.of("f.yaml"), root, Map.of(), Map.of());
        assertEquals("images.base.mounts[0].source", doc.yamlPath("/images/base/mounts/0/source"));
        assertEquals("images", doc.yamlPath("/images"));
        assertEquals("", doc.yamlPath(""));
        assertEquals("a/b.c~d", doc.yamlPath(YamlDocument.pointer(YamlDocument.pointer("", "a/b"), "c~d")));
        assertEquals("/a~1b/c~0d", YamlDocument.pointer(YamlDocument.pointer("", "a/b"), "c~d"));
        assertEquals("missing.deeper", doc.yamlPath("/missing/deeper"), "a path the tree does not hold still reads as written");
    }
}
