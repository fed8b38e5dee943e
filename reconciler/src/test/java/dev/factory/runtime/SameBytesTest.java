package dev.factory.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;

class SameBytesTest {
    private static final ToIntFunction<byte[]> CRC32C = b -> {
        var c = new java.util.zip.CRC32C();
        c.update(b);
        return (int) c.getValue();
    };
    private static final ToIntFunction<byte[]> CRC32 = b -> {
        var c = new java.util.zip.CRC32();
        c.update(b);
        return (int) c.getValue();
    };

    private static byte[] sample(int n) {
        var b = new byte[n];
        new java.util.Random(7).nextBytes(b);
        return b;
    }

    @Test
    void theSameBytesMatchAndEveryOneBitChangeDoesNot() {
        byte[] bytes = sample(512);
        var kept = SameBytes.of(bytes);
        assertTrue(kept.matches(bytes.clone()));
        assertEquals(kept, SameBytes.of(bytes.clone()));
        for (int i = 0; i < bytes.length * 8; i++) {
            byte[] changed = bytes.clone();
            changed[i / 8] ^= (byte) (1 << (i % 8));
            assertFalse(kept.matches(changed), "bit " + i + " flipped");
        }
    }

    @Test
    void aLongerOrShorterFileDoesNotMatch() {
        byte[] bytes = sample(64);
        var kept = SameBytes.of(bytes);
        assertFalse(kept.matches(java.util.Arrays.copyOf(bytes, 65)), "a zero byte appended");
        assertFalse(kept.matches(java.util.Arrays.copyOf(bytes, 63)));
        assertFalse(kept.matches(new byte[0]));
        assertTrue(SameBytes.of(new byte[0]).matches(new byte[0]));
        assertFalse(SameBytes.of(new byte[0]).matches(new byte[1]), "CRC-32C and CRC-32 of one zero byte are not those of none");
        assertEquals(64, kept.length());
    }

    @Test
    void bytesOneChecksumCannotTellApartTheOtherDoes() {
        byte[] bytes = sample(16);
        byte[] sameCrc32c = collide(bytes, CRC32C);
        assertEquals(CRC32C.applyAsInt(bytes), CRC32C.applyAsInt(sameCrc32c));
        assertNotEquals(CRC32.applyAsInt(bytes), CRC32.applyAsInt(sameCrc32c));
        assertFalse(SameBytes.of(bytes).matches(sameCrc32c), "told apart by CRC-32");

        byte[] sameCrc32 = collide(bytes, CRC32);
        assertEquals(CRC32.applyAsInt(bytes), CRC32.applyAsInt(sameCrc32));
        assertNotEquals(CRC32C.applyAsInt(bytes), CRC32C.applyAsInt(sameCrc32));
        assertFalse(SameBytes.of(bytes).matches(sameCrc32), "told apart by CRC-32C");
    }

    /**
     * Other bytes of the same length with the same checksum: a CRC of equal-length inputs is linear in
     * their difference, so some set of single-bit flips (found by elimination over GF(2)) sums to zero.
     */
    private static byte[] collide(byte[] bytes, ToIntFunction<byte[]> crc) {
        int base = crc.applyAsInt(bytes);
        int bits = bytes.length * 8;
        int[] rows = new int[bits];
        long[][] used = new long[bits][(bits + 63) / 64];
        for (int i = 0; i < bits; i++) {
            byte[] flipped = bytes.clone();
            flipped[i / 8] ^= (byte) (1 << (i % 8));
            rows[i] = crc.applyAsInt(flipped) ^ base;
            used[i][i / 64] |= 1L << (i % 64);
        }
        for (int bit = 31, next = 0; bit >= 0; bit--) {
            int pivot = -1;
            for (int r = next; r < bits; r++) if ((rows[r] >>> bit & 1) != 0) { pivot = r; break; }
            if (pivot < 0) continue;
            swap(rows, used, pivot, next);
            for (int r = 0; r < bits; r++) {
                if (r != next && (rows[r] >>> bit & 1) != 0) {
                    rows[r] ^= rows[next];
                    for (int w = 0; w < used[r].length; w++) used[r][w] ^= used[next][w];
                }
            }
            next++;
        }
        for (int r = 0; r < bits; r++) {
            if (rows[r] == 0) {
                byte[] other = bytes.clone();
                for (int i = 0; i < bits; i++) if ((used[r][i / 64] >>> (i % 64) & 1) != 0) other[i / 8] ^= (byte) (1 << (i % 8));
                return other;
            }
        }
        throw new AssertionError("no collision among " + bits + " bits");
    }

    private static void swap(int[] rows, long[][] used, int a, int b) {
        int t = rows[a];
        rows[a] = rows[b];
        rows[b] = t;
        long[] u = used[a];
        used[a] = used[b];
        used[b] = u;
    }
}
