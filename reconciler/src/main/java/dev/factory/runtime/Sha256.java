package dev.factory.runtime;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 as lowercase hex: how factory names content (image inputs, rendered files, cache keys). */
public final class Sha256 {
    private Sha256() {}

    public static String hex(String text) {
        return hex(text.getBytes(StandardCharsets.UTF_8));
    }

    /** One per thread: a digest is reset by each {@code digest(bytes)}, and a plan makes thousands. */
    private static final ThreadLocal<MessageDigest> EACH_THREAD = ThreadLocal.withInitial(Sha256::digest);
    private static final HexFormat HEX = HexFormat.of();

    public static String hex(byte[] bytes) {
        return HEX.formatHex(EACH_THREAD.get().digest(bytes));
    }

    public static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
