package dev.factory.docker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PlainHttpTest {
    private static PlainHttp.Answer read(String raw) throws IOException {
        return PlainHttp.read(new ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1)));
    }

    private static String body(PlainHttp.Answer answer) {
        return new String(answer.body(), StandardCharsets.UTF_8);
    }

    @Test
    void aBodyFramedByContentLengthIsReadToItsLengthAndNoFurther() throws IOException {
        var answer = read("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 7\r\n\r\n[1,2,3]trailing junk");
        assertEquals(200, answer.status());
        assertEquals("[1,2,3]", body(answer));
    }

    @Test
    void aChunkedBodyIsJoinedAcrossChunksWithExtensionsAndTrailers() throws IOException {
        var answer = read("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=1\r\n[1,2\r\nA\r\n,3,4,5,6,7\r\n1\r\n]\r\n0\r\nX-Trailer: y\r\n\r\n");
        assertEquals("[1,2,3,4,5,6,7]", body(answer));
    }

    @Test
    void headerNamesAndTheChunkedValueAreMatchedWithoutCase() throws IOException {
        var answer = read("HTTP/1.1 200 OK\r\ntransfer-encoding: CHUNKED\r\n\r\n2\r\n{}\r\n0\r\n\r\n");
        assertEquals("{}", body(answer));
    }

    @Test
    void withoutLengthOrChunkingTheBodyRunsToTheConnectionsEnd() throws IOException {
        var answer = read("HTTP/1.0 404 Not Found\n\n{\"message\":\"no such\"}");
        assertEquals(404, answer.status());
        assertEquals("{\"message\":\"no such\"}", body(answer));
    }

    @Test
    void aStatusLineWithoutAReasonAndAHeaderWithANulByteAreRead() throws IOException {
        var answer = read("HTTP/1.1 200\r\nX-Odd: a\u0000b\r\nContent-Length: 2\r\n\r\n[]");
        assertEquals(200, answer.status());
        assertEquals("[]", body(answer));
    }

    @Test
    void aMalformedLineIsQuotedShortenedPast80Characters() {
        String long81 = "X".repeat(81);
        var e = assertThrows(IOException.class, () -> read(long81 + "\r\n\r\n"));
        assertEquals("not an HTTP answer: " + "X".repeat(80) + "...", e.getMessage());
        String exactly80 = "Y".repeat(80);
        assertEquals("not an HTTP answer: " + exactly80, assertThrows(IOException.class, () -> read(exactly80 + "\r\n\r\n")).getMessage());
    }

    @Test
    void theHeadMayBeExactlyTheLimitAndNotOneByteMore() throws IOException {
        // counted: the status line (15), each header's bytes and its CR, the blank line's CR
        String status = "HTTP/1.1 200 OK";
        int header = PlainHttp.MAX_HEAD - status.length() - 2 - "Content-Length: 0".length() - 1 - 3;
        String atLimit = status + "\r\nX: " + "a".repeat(header) + "\r\nContent-Length: 0\r\n\r\n";
        assertEquals(200, read(atLimit).status());
        String over = status + "\r\nX: " + "a".repeat(header + 1) + "\r\nContent-Length: 0\r\n\r\n";
        assertTrue(assertThrows(IOException.class, () -> read(over)).getMessage().contains("head longer than"));
    }

    @Test
    void anEmptyBodyIsEmpty() throws IOException {
        assertArrayEquals(new byte[0], read("HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n").body());
    }

    @Test
    void aBodyCutShortOfItsLengthIsAnErrorNotAShorterList() {
        var e = assertThrows(EOFException.class, () -> read("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n[1,2]"));
        assertTrue(e.getMessage().contains("5 of 10"), e.getMessage());
    }

    @Test
    void aChunkedBodyCutShortIsAnError() {
        assertThrows(EOFException.class, () -> read("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n[1,2"));
        assertThrows(EOFException.class, () -> read("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n[]\r\n"));
    }

    @Test
    void malformedAnswersAreRefusedNamingWhatWasWrong() {
        assertTrue(assertThrows(IOException.class, () -> read("SSH-2.0-OpenSSH\r\n\r\n")).getMessage().startsWith("not an HTTP answer"));
        assertTrue(assertThrows(IOException.class, () -> read("HTTP/1.1 OK\r\n\r\n")).getMessage().startsWith("not an HTTP status"));
        assertTrue(assertThrows(IOException.class, () -> read("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n")).getMessage().startsWith("malformed header"));
        assertTrue(assertThrows(IOException.class, () -> read("HTTP/1.1 200 OK\r\n: empty name\r\n\r\n")).getMessage().startsWith("malformed header"));
        assertTrue(assertThrows(IOException.class, () -> read("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n")).getMessage().startsWith("malformed Content-Length"));
        assertTrue(assertThrows(IOException.class, () -> read("HTTP/1.1 200 OK\r\nContent-Length: ten\r\n\r\n")).getMessage().startsWith("malformed Content-Length"));
        assertTrue(assertThrows(IOException.class, () -> read("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")).getMessage().startsWith("malformed chunk size"));
        assertTrue(assertThrows(IOException.class, () -> read("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n-1\r\n")).getMessage().startsWith("chunk size out of range"));
        assertTrue(assertThrows(IOException.class, () -> read("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nab\r\n0\r\n\r\n")).getMessage().contains("longer than its size"));
        assertThrows(EOFException.class, () -> read("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n"));
    }

    @Test
    void anEndlessHeadIsCutOffRatherThanReadIntoMemory() {
        String endless = "HTTP/1.1 200 OK\r\nX: " + "a".repeat(PlainHttp.MAX_HEAD) + "\r\n\r\n";
        assertTrue(assertThrows(IOException.class, () -> read(endless)).getMessage().contains("head longer than"));
        String justUnder = "HTTP/1.1 200 OK\r\nX: " + "a".repeat(PlainHttp.MAX_HEAD - 40) + "\r\nContent-Length: 2\r\n\r\n[]";
        assertDoesNotThrowAndReads(justUnder);
    }

    @Test
    void aLengthPastTheLimitIsRefusedBeforeAnythingIsRead() {
        var e = assertThrows(IOException.class, () -> read("HTTP/1.1 200 OK\r\nContent-Length: " + (PlainHttp.MAX_BODY + 1) + "\r\n\r\n"));
        assertTrue(e.getMessage().contains("more than factory reads"), e.getMessage());
    }

    @Test
    void anEndpointOfAnotherSchemeIsRefused() {
        var e = assertThrows(IOException.class, () -> PlainHttp.get("npipe:////./pipe/docker_engine", "/_ping"));
        assertTrue(e.getMessage().contains("npipe:"), e.getMessage());
    }

    private static void assertDoesNotThrowAndReads(String raw) {
        try {
            assertEquals("[]", body(read(raw)));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
