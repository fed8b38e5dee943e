package dev.factory.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class PrintableTest {
    @Test
    void controlCharactersBecomeVisibleEscapes() {
        assertEquals("lane\\n+ file/forged  create", Printable.escape("lane\n+ file/forged  create"));
        assertEquals("a\\x1b[31mred\\x1b[0m", Printable.escape("a\u001b[31mred\u001b[0m"));
        assertEquals("\\r\\t\\x00\\x7f", Printable.escape("\r\t\0\u007f"));
        assertEquals("csi\\u009b", Printable.escape("csi\u009b"));
        assertEquals("evil\\u202egol.exe", Printable.escape("evil\u202egol.exe"), "a right-to-left override cannot reorder what is shown");
        assertEquals("zero\\u200bwidth", Printable.escape("zero\u200bwidth"));
    }

    @Test
    void ordinaryTextIsReturnedAsIs() {
        String plain = "/home/ali/agent-workspaces/lane-3 — merged, ünïcode ok";
        assertSame(plain, Printable.escape(plain));
        assertEquals(null, Printable.escape(null));
    }

    @Test
    void linesAreEscapedOneByOne() {
        assertEquals("+a\\x1b\n-b", Printable.escapeLines("+a\u001b\n-b"));
    }

    @Test
    void codeSpansCannotBeClosedFromInside() {
        assertEquals("`plain`", Printable.code("plain"));
        assertEquals("`` a`b ``", Printable.code("a`b"));
        assertEquals("``` x``y ```", Printable.code("x``y"));
        assertEquals("`x\\ny`", Printable.code("x\ny"));
    }

    @Test
    void theBoundariesOfEachEscapedRange() {
        for (char c : new char[] {0x1f, 0x7f, 0x80, 0x9f, 0x200b, 0x200f, 0x202a, 0x202e, 0x2066, 0x2069, 0xfeff, 0x2028, 0x2029}) {
            assertEquals(true, Printable.escape(String.valueOf(c)).startsWith("\\"), "U+" + Integer.toHexString(c) + " is escaped");
        }
        for (char c : new char[] {0x20, 0x7e, 0xa0, 0x200a, 0x2010, 0x2027, 0x202f, 0x2065, 0x206a, 0xfefe, 0xff00}) {
            assertEquals(String.valueOf(c), Printable.escape(String.valueOf(c)), "U+" + Integer.toHexString(c) + " is printable as is");
        }
        assertEquals("\\x1f\\u0080", Printable.escape("\u001f\u0080"));
    }
}
