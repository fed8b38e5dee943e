package dev.factory.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** GitHub's documented example ("Validating webhook deliveries"), and what must never match. */
class WebhookSignatureTest {
    static final byte[] SECRET = WebhookSignature.utf8("It's a Secret to Everybody");
    static final byte[] BODY = WebhookSignature.utf8("Hello, World!");
    static final String GITHUB = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    @Test
    void githubsExampleMatches() {
        assertEquals(GITHUB, WebhookSignature.header(SECRET, BODY));
        assertTrue(WebhookSignature.valid(SECRET, BODY, GITHUB));
        assertTrue(WebhookSignature.valid(SECRET, BODY, GITHUB.toUpperCase().replace("SHA256=", "sha256=")), "hex in either case");
    }

    @Test
    void anythingElseDoesNot() {
        assertFalse(WebhookSignature.valid(SECRET, WebhookSignature.utf8("Hello, World?"), GITHUB), "another body");
        assertFalse(WebhookSignature.valid(WebhookSignature.utf8("another secret"), BODY, GITHUB), "another secret");
        assertFalse(WebhookSignature.valid(SECRET, BODY, null), "no header");
        assertFalse(WebhookSignature.valid(SECRET, BODY, GITHUB.substring("sha256=".length())), "no sha256= prefix");
        assertFalse(WebhookSignature.valid(SECRET, BODY, "sha1=" + GITHUB.substring(7)), "the old SHA-1 header");
        assertFalse(WebhookSignature.valid(SECRET, BODY, "sha256=zz"), "not hex");
        assertFalse(WebhookSignature.valid(SECRET, BODY, "sha256="), "empty");
        assertFalse(WebhookSignature.valid(new byte[0], BODY, GITHUB), "an empty secret never verifies");
        assertFalse(WebhookSignature.valid(null, BODY, GITHUB));
    }
}
