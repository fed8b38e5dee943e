package dev.factory.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class YamlReaderTest {
    @Test
    void aByteThatIsNotUtf8IsNamedWithItsOffsetAndLine() {
        byte[] text = "host:\n  name: caf\u00e9\n  home: x\n".getBytes(StandardCharsets.ISO_8859_1);
        var diagnostics = new Diagnostics();
        assertNull(YamlReader.utf8(text, Path.of("host.yaml"), diagnostics));
        var d = diagnostics.sorted().get(0);
        assertEquals(new SourceLocation(Path.of("host.yaml"), 2, 12), d.location());
        assertTrue(d.summary().contains("byte offset 17 (byte 0xe9)"), d.summary());
        assertTrue(d.summary().contains("re-save it as UTF-8"), d.summary());
    }

    @Test
    void utf8IsDecoded() {
        var diagnostics = new Diagnostics();
        assertEquals("name: caf\u00e9 \u2603\n", YamlReader.utf8("name: caf\u00e9 \u2603\n".getBytes(StandardCharsets.UTF_8), Path.of("x.yaml"), diagnostics));
        assertEquals(0, diagnostics.errorCount());
    }
}
