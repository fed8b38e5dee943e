package dev.factory.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MaskerTest {
    @AfterEach
    void forget() {
        Masker.clear();
    }

    @Test
    void aRegisteredValueAndItsEncodingsPrintAsStars() {
        Masker.register("s3cr3t-v@lue \"q\"");
        assertEquals("token=*** end", Masker.mask("token=s3cr3t-v@lue \"q\" end"));
        assertEquals("{\"t\":\"***\"}", Masker.mask("{\"t\":\"s3cr3t-v@lue \\\"q\\\"\"}"), "inside JSON");
        assertEquals("https://x/?t=***", Masker.mask("https://x/?t=s3cr3t-v%40lue+%22q%22"), "inside a URL");
        assertEquals("nothing here", Masker.mask("nothing here"));
        assertEquals("a *** b", new String(Masker.mask("a s3cr3t-v@lue \"q\" b".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8));
    }

    @Test
    void theLongestValueIsMaskedFirst() {
        Masker.register("abcdef");
        Masker.register("abcdefghij");
        assertEquals("*** and ***", Masker.mask("abcdefghij and abcdef"));
    }

    @Test
    void shortAndBlankValuesAreNotRegistered() {
        Masker.register("12345");
        Masker.register("      ");
        Masker.register(null);
        assertEquals("12345 is a number", Masker.mask("12345 is a number"));
        Masker.register("  padded-secret\n");
        assertEquals("x *** y", Masker.mask("x padded-secret y"), "the stripped value too (a token file's trailing newline)");
    }

    @Test
    void aWriterMasksEachLineEvenWhenAValueArrivesInPieces() {
        Masker.register("ghp_0123456789abcdef");
        var sink = new StringWriter();
        var out = Masker.printWriter(new PrintWriter(sink, true));
        out.print("header ghp_0123");
        out.print("456789abcdef trailer");
        out.println();
        out.println("second line ghp_0123456789abcdef");
        out.print("no newline ghp_0123456789abcdef");
        out.flush();
        assertEquals("header *** trailer\nsecond line ***\nno newline ***", sink.toString().replace(System.lineSeparator(), "\n"));
        assertFalse(sink.toString().contains("ghp_"));
    }
}
