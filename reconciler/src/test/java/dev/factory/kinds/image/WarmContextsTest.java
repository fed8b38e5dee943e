package dev.factory.kinds.image;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WarmContextsTest {
    @Test
    void onlyAFileOfOursThatNobodyElseCanWriteOrHasLinkedIsTrustedToNotify() {
        assertTrue(WarmContexts.onlyOurs(0100644, 0, 1, 0));
        assertTrue(WarmContexts.onlyOurs(0100755, 1000, 1, 1000));
        assertFalse(WarmContexts.onlyOurs(0100644, 1000, 1, 0), "another user's file");
        assertFalse(WarmContexts.onlyOurs(0100664, 0, 1, 0), "group-writable");
        assertFalse(WarmContexts.onlyOurs(0100646, 0, 1, 0), "other-writable");
        assertFalse(WarmContexts.onlyOurs(0100644, 0, 2, 0), "a second link: written there, nothing notifies");
        assertFalse(WarmContexts.onlyOurs(0100644, -1, 1, -1), "our uid unknown");
    }
}
