package dev.factory.daemon;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * GitHub's webhook signature: {@code X-Hub-Signature-256: sha256=HEX}, the HMAC-SHA256 of the raw
 * body under the webhook's secret, compared in constant time (GitHub's "Validating webhook
 * deliveries"). A missing or malformed header never matches.
 */
public final class WebhookSignature {
    private WebhookSignature() {}

    public static boolean valid(byte[] secret, byte[] body, String header) {
        if (secret == null || secret.length == 0 || header == null || !header.startsWith("sha256=")) return false;
        byte[] given;
        try {
            given = HexFormat.of().parseHex(header.substring("sha256=".length()).strip());
        } catch (IllegalArgumentException notHex) {
            return false;
        }
        return MessageDigest.isEqual(sign(secret, body), given);
    }

    public static byte[] sign(byte[] secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java 17 runtime", e);
        }
    }

    /** The header value GitHub would send for {@code body}. */
    public static String header(byte[] secret, byte[] body) {
        return "sha256=" + HexFormat.of().formatHex(sign(secret, body));
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
