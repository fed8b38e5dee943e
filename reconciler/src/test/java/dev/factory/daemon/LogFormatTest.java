package dev.factory.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class LogFormatTest {
    static final Instant T = Instant.parse("2026-11-26T22:00:00Z");

    @Test
    void aChangeLineCarriesItsAddress() throws Exception {
        assertEquals("{\"time\":\"2026-11-26T22:00:00Z\",\"level\":\"info\",\"event\":\"change\",\"address\":\"image/base\",\"message\":\"+ image/base: create started\"}",
                LogFormat.json.format(T, "+ image/base: create started"));
        assertEquals("{\"time\":\"2026-11-26T22:00:00Z\",\"level\":\"error\",\"event\":\"change\",\"address\":\"container/web-1\",\"message\":\"! container/web-1: update failed: boom\"}",
                LogFormat.json.format(T, "! container/web-1: update failed: boom"));
        assertEquals("image/x", new com.fasterxml.jackson.databind.ObjectMapper().readTree(LogFormat.json.format(T, "image/x | npm ci")).path("address").asText(),
                "build output carries its image's address");
    }

    @Test
    void otherLinesGetAnEventAndALevel() throws Exception {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var n = mapper.readTree(LogFormat.json.format(T, "reconcile skipped: suspended since 2026 by factory suspend: \"quoted\""));
        assertEquals("reconcile", n.path("event").asText());
        assertEquals("warn", n.path("level").asText());
        assertEquals("reconcile skipped: suspended since 2026 by factory suspend: \"quoted\"", n.path("message").asText());
        assertEquals("job", LogFormat.event("job tick exited 3 in 20 ms; FAILING 3 times in a row"));
        assertEquals("error", LogFormat.level("job tick exited 3 in 20 ms; FAILING 3 times in a row"));
        assertEquals("webhook", LogFormat.event("webhook delivery d-1 (push): reconcile queued"));
        assertEquals("pull-request", LogFormat.event("pull-request plans requested: pull request #3 opened"));
        assertEquals("log", LogFormat.event("Sending build context"));
        assertEquals("info", LogFormat.level("factory daemon started"));
        assertEquals("warn", LogFormat.level("warning: took over a stale lock"));
        assertEquals("info", LogFormat.level("live reconcile of container/web-1: applied 1, failed 0, skipped 0"), "none failed");
        assertEquals("error", LogFormat.level("reconcile: applied 1, failed 2, skipped 0"));
        assertEquals("error", LogFormat.level("reconcile: applied 1, failed 10, skipped 0"));
        assertEquals("error", LogFormat.level("drift report failed: boom"));
        assertEquals("warn", LogFormat.level("reconcile: applied 1, failed 0, skipped 2"));
        assertEquals("warn", LogFormat.level("job tick skipped: the daemon is stopping"));
    }

    @Test
    void textIsTheTimeAndTheLineAndAutoFollowsTheTerminal() {
        assertEquals("2026-11-26T22:00:00Z factory daemon started", LogFormat.text.format(T, "factory daemon started"));
        assertEquals(LogFormat.text, LogFormat.choose("auto", true));
        assertEquals(LogFormat.json, LogFormat.choose("auto", false));
        assertEquals(LogFormat.json, LogFormat.choose(null, false));
        assertEquals(LogFormat.text, LogFormat.choose("text", false));
    }
}
