package dev.factory.kinds.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The remembered digests' file format: what is written is read back exactly, and anything else reads as nothing. */
class ContextDigestsTest {
    private static final String A = "a".repeat(64);
    private static final String B = "0123456789abcdef".repeat(4);

    private static ContextDigests.Entry entry(String digest, long size, long mtime, long ctime, long inode) {
        return new ContextDigests.Entry(new ContextDigests.Stamp(size, mtime, ctime, inode), digest);
    }

    private static Map<String, ContextDigests.Entry> parse(String text) {
        return ContextDigests.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void whatIsWrittenIsReadBack() {
        var entries = new LinkedHashMap<String, ContextDigests.Entry>();
        entries.put("src/main.js", entry(A, 1234, 1_764_000_000_123_456_789L, 1_764_000_000_987_654_321L, 42));
        entries.put("a path\twith a tab", entry(B, 0, 0, 0, 0));
        entries.put("ünïcødé/名前.txt", entry(A, 999_999_999_999L, -1, 7, Long.MAX_VALUE));
        entries.put("min", entry(A, -Long.MAX_VALUE, 0, 0, 0));
        entries.put("carriage\rreturn", entry(B, 1, 2, 3, 4));
        assertEquals(entries, ContextDigests.parse(ContextDigests.format(entries)));
    }

    @Test
    void nothingRemembered() {
        assertEquals(Map.of(), ContextDigests.parse(ContextDigests.format(Map.of())));
        assertEquals(Map.of(), parse(""));
    }

    @Test
    void aLastLineWithoutItsNewlineIsStillALine() {
        assertEquals(Map.of("f", entry(A, 1, 2, 3, 4)), parse("factory-context-digests-v1\n" + A + "\t1\t2\t3\t4\tf"));
    }

    @Test
    void anythingElseReadsAsNothingRemembered() {
        String header = "factory-context-digests-v1\n";
        String good = A + "\t1\t2\t3\t4\tfile\n";
        assertEquals(1, parse(header + good).size());   // the cases below differ from this one in one place each
        for (String bad : new String[] {
                "factory-context-digests-v2\n" + good,         // another format
                "factory-context-digests-v1" + good,           // no header line
                header + good + "\n",                          // an empty line
                header + "a".repeat(63) + "\t1\t2\t3\t4\tfile\n",   // a short digest
                header + "a".repeat(65) + "\t1\t2\t3\t4\tfile\n",   // a long one
                header + "A".repeat(64) + "\t1\t2\t3\t4\tfile\n",   // not lowercase hex
                header + "g".repeat(64) + "\t1\t2\t3\t4\tfile\n",   // not hex
                header + A + "\t1\t2\t3\tfile\n",              // a number missing
                header + A + "\t1\t2x\t3\t4\tfile\n",          // a number that is not one
                header + A + "\t1\t\t3\t4\tfile\n",            // an empty one
                header + A + "\t-\t2\t3\t4\tfile\n",           // a sign alone
                header + A + "\t+1\t2\t3\t4\tfile\n",          // a sign format() never writes
                header + A + "\t1\t2\t3\t9223372036854775808\tfile\n",   // one more than the largest long
                header + A + "\t1\t2\t3\t10000000000000000000\tfile\n",  // 20 digits
                header + good + A + "\t1\t2\t3\t4\n",          // a later line without its path
                header + good + A,                             // a last line that is a digest and nothing else
        }) {
            assertEquals(Map.of(), parse(bad), () -> "read as remembered: " + bad);
        }
    }

    @Test
    void negativeAndLargeNumbersKeepTheirValue() {
        var read = parse("factory-context-digests-v1\n" + A + "\t-5\t123456789012345678\t0\t-987654321098765432\tx\n");
        assertEquals(entry(A, -5, 123_456_789_012_345_678L, 0, -987_654_321_098_765_432L), read.get("x"));
        assertTrue(read.size() == 1);
    }

    @Test
    void aStampMatchesOnlyWhenEveryPartOfItDoes() {
        var stamp = new ContextDigests.Stamp(1, 2, 3, 4);
        assertEquals(stamp, new ContextDigests.Stamp(1, 2, 3, 4));
        assertEquals(stamp.hashCode(), new ContextDigests.Stamp(1, 2, 3, 4).hashCode());
        for (var other : new ContextDigests.Stamp[] {new ContextDigests.Stamp(9, 2, 3, 4), new ContextDigests.Stamp(1, 9, 3, 4),
                new ContextDigests.Stamp(1, 2, 9, 4), new ContextDigests.Stamp(1, 2, 3, 9)}) {
            assertNotEquals(stamp, other);
            assertNotEquals(stamp.hashCode(), other.hashCode());
        }
        assertNotEquals(stamp, "1 2 3 4");
        assertEquals(entry(A, 1, 2, 3, 4), entry(A, 1, 2, 3, 4));
        assertEquals(entry(A, 1, 2, 3, 4).hashCode(), entry(A, 1, 2, 3, 4).hashCode());
        assertNotEquals(entry(A, 1, 2, 3, 4), entry(B, 1, 2, 3, 4));
        assertNotEquals(entry(A, 1, 2, 3, 4).hashCode(), entry(B, 1, 2, 3, 4).hashCode());
        assertNotEquals(entry(A, 1, 2, 3, 4), entry(A, 1, 2, 3, 5));
        assertNotEquals(entry(A, 1, 2, 3, 4).hashCode(), entry(A, 1, 2, 3, 5).hashCode());
        assertNotEquals(entry(A, 1, 2, 3, 4), stamp);
    }
}
