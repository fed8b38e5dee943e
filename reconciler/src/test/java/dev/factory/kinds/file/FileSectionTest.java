package dev.factory.kinds.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.config.Diagnostic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two declarations rendering one path: each later one (in file order) is an error naming the first. */
class FileSectionTest {
    @TempDir
    Path tmp;

    private List<String> clashes() throws Exception {
        var loaded = dev.factory.app.Registry.configLoader().load(tmp);
        return loaded.diagnostics().stream().filter(d -> d.summary().contains("both render"))
                .map(d -> tmp.relativize(d.location().file()) + ":" + d.location().line() + " " + d.yamlPath() + ": " + d.summary().replaceAll(" \\(.*\\)", ""))
                .toList();
    }

    @Test
    void everyLaterDeclarationOfAPathNamesTheFirstInFileOrder() throws Exception {
        Files.writeString(tmp.resolve("a.yaml"), """
                files:
                  x1: {path: /srv/a.txt, content: "1"}
                  x2: {path: /srv/b.txt, content: "2"}
                  x3: {path: /srv/./a.txt, content: "3"}
                  x4: {path: /srv/c.txt, content: "4"}
                """);
        Files.writeString(tmp.resolve("b.yaml"), """
                files:
                  y1: {path: /srv/b.txt, content: "1"}
                  y2: {path: /srv/a.txt, content: "2"}
                  y3: {path: /srv/d.txt, content: "3"}
                """);
        assertEquals(List.of(
                "a.yaml:4 files.x3.path: files.x3 and files.x1 both render /srv/a.txt; each would overwrite the other on every apply: give one another path",
                "b.yaml:2 files.y1.path: files.y1 and files.x2 both render /srv/b.txt; each would overwrite the other on every apply: give one another path",
                "b.yaml:3 files.y2.path: files.y2 and files.x1 both render /srv/a.txt; each would overwrite the other on every apply: give one another path"),
                clashes());
        var loaded = dev.factory.app.Registry.configLoader().load(tmp);
        var first = loaded.diagnostics().stream().filter(d -> d.summary().contains("files.y2 and")).findFirst().orElseThrow();
        assertTrue(first.summary().contains("(" + tmp.resolve("a.yaml") + ":2"), first.summary());
        assertTrue(first.isError());
    }

    @Test
    void pathsOfTheirOwnAreNoClash() throws Exception {
        Files.writeString(tmp.resolve("a.yaml"), """
                files:
                  x1: {path: /srv/a.txt, content: "1"}
                  x2: {path: /srv/b.txt, content: "2"}
                """);
        assertEquals(List.of(), clashes());
        assertEquals(List.of(), dev.factory.app.Registry.configLoader().load(tmp).diagnostics().stream().filter(Diagnostic::isError).toList());
    }
}
