package dev.factory.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reader's limits, each at its exact boundary. */
class YamlReaderFileTest {
    @TempDir
    Path tmp;

    private Diagnostics read(String name, String text) throws IOException {
        Path f = tmp.resolve(name);
        Files.writeString(f, text);
        var diagnostics = new Diagnostics();
        YamlReader.read(f, f, diagnostics);
        return diagnostics;
    }

    private static String nested(int levels) {
        return "a: " + "[".repeat(levels - 1) + "]".repeat(levels - 1) + "\n";
    }

    private static String firstError(Diagnostics d) {
        return d.sorted().stream().filter(Diagnostic::isError).map(Diagnostic::format).findFirst().orElse("");
    }

    @Test
    void nestingIsRefusedPastSixtyFourLevels() throws IOException {
        assertEquals(0, read("ok.yaml", nested(64)).errorCount(), "a mapping and 63 sequences inside it: 64 levels");
        var deep = read("deep.yaml", nested(65));
        assertTrue(firstError(deep).contains("deep.yaml:1:67: error: nested deeper than 64 levels"), firstError(deep));
    }

    @Test
    void valuesAreRefusedPastTwoHundredThousand() throws IOException {
        // the mapping, its key, the sequence, and n scalars
        int n = YamlReader.MAX_NODES - 3;
        assertEquals(0, read("ok.yaml", "a: [" + "x,".repeat(n - 1) + "x]\n").errorCount());
        var many = read("many.yaml", "a: [" + "x,".repeat(n) + "x]\n");
        assertTrue(firstError(many).contains("more than 200000 values in one file"), firstError(many));
        assertTrue(firstError(many).contains("many.yaml:1:" + (4 + 2 * n + 1) + ":"), "at the value past the limit: " + firstError(many));
    }

    @Test
    void aliasesThatMultiplyPastTheLimitAreRefusedWhenExpanded() throws IOException {
        // 45 aliases (the YAML library's own cap is 50) of a 5,000-value anchor: 225,000 values once expanded
        var bomb = read("bomb.yaml", "a: &x [" + "x,".repeat(4999) + "x]\nb: [" + "*x,".repeat(44) + "*x]\n");
        assertTrue(firstError(bomb).contains("once aliases are expanded"), firstError(bomb));
    }

    @Test
    void aFileLargerThanSixteenMegabytesIsRefusedBeforeItIsRead() throws IOException {
        Path big = tmp.resolve("big.yaml");
        byte[] bytes = new byte[YamlReader.MAX_FILE_BYTES + 1];
        java.util.Arrays.fill(bytes, (byte) '#');
        Files.write(big, bytes);
        var d = new Diagnostics();
        YamlReader.read(big, big, d);
        assertTrue(firstError(d).contains("the file is 16777217 bytes; a config file holds at most 16777216 bytes"), firstError(d));
        Files.write(big, java.util.Arrays.copyOf(bytes, YamlReader.MAX_FILE_BYTES));
        var exact = new Diagnostics();
        YamlReader.read(big, big, exact);
        assertEquals(0, exact.errorCount(), "exactly the limit is read (a file of one comment)");
    }

    @Test
    void anIndentationErrorGetsAHintAndOtherSyntaxErrorsDoNot() throws IOException {
        var indent = read("indent.yaml", "a:\n  b: 1\n c: 2\n");
        assertTrue(firstError(indent).contains("check the indentation"), firstError(indent));
        var quote = read("quote.yaml", "a: \"unclosed\n");
        assertTrue(firstError(quote).contains("YAML syntax error"), firstError(quote));
        assertFalse(firstError(quote).contains("indentation"), firstError(quote));
    }

    @Test
    void theFirstByteThatIsNotUtf8IsLocated() {
        var first = new Diagnostics();
        YamlReader.utf8(new byte[] {(byte) 0xff, 'a'}, Path.of("x.yaml"), first);
        assertEquals(new SourceLocation(Path.of("x.yaml"), 1, 1), first.sorted().get(0).location());
        assertTrue(first.sorted().get(0).summary().contains("byte offset 0 (byte 0xff)"));
        var third = new Diagnostics();
        YamlReader.utf8("a\nbc\nde\u00ff".getBytes(StandardCharsets.ISO_8859_1), Path.of("x.yaml"), third);
        assertEquals(new SourceLocation(Path.of("x.yaml"), 3, 3), third.sorted().get(0).location());
    }
}
