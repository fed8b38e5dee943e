package dev.factory.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ErrorsTest {
    @Test
    void theEnginesRawStatusLineBecomesItsMessageAndCode() {
        assertEquals("container/web-1: Conflict. The container name \"/web-1\" is already in use by container \"abc\". (Docker engine: HTTP 409), retried",
                Errors.human("container/web-1: Status 409: {\"message\":\"Conflict. The container name \\\"/web-1\\\" is already in use by container \\\"abc\\\".\"}\n, retried"));
    }

    @Test
    void otherMessagesAreKeptAndNullStaysNull() {
        assertEquals("image/x build failed: boom {not json}", Errors.human("image/x build failed: boom {not json}"));
        assertEquals("Status 500: {\"message\":\"\"}", Errors.human("Status 500: {\"message\":\"\"}"));
        assertNull(Errors.human(null));
    }
}
