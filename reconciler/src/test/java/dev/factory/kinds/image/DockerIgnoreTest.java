package dev.factory.kinds.image;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DockerIgnoreTest {
    @Test
    void matchesLikeDocker() {
        var ignore = DockerIgnore.parse("""
                # comment
                node_modules
                *.log
                /build/
                **/tmp
                docs/*.md
                !docs/README.md
                """);
        assertTrue(ignore.ignores("node_modules"));
        assertTrue(ignore.ignores("node_modules/pkg/index.js"));
        assertTrue(ignore.ignores("debug.log"));
        assertFalse(ignore.ignores("logs/debug.log"), "* does not cross directories");
        assertTrue(ignore.ignores("build/out.bin"));
        assertTrue(ignore.ignores("a/b/tmp/x"));
        assertTrue(ignore.ignores("tmp"));
        assertTrue(ignore.ignores("docs/guide.md"));
        assertFalse(ignore.ignores("docs/README.md"), "the later ! line wins");
        assertFalse(ignore.ignores("src/main.java"));
        assertTrue(ignore.hasExceptions());
    }

    @Test
    void characterClassesAndQuestionMarks() {
        var ignore = DockerIgnore.parse("file?.txt\n[ab].bin\n");
        assertTrue(ignore.ignores("file1.txt"));
        assertFalse(ignore.ignores("file10.txt"));
        assertTrue(ignore.ignores("a.bin"));
        assertFalse(ignore.ignores("c.bin"));
    }
}
