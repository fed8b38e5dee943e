package dev.factory.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class StateLockSentenceTest {
    @Test
    void theLockIsASentenceNamingALiveHolderOrAGoneOne() throws Exception {
        String host = InetAddress.getLocalHost().getHostName();
        long me = ProcessHandle.current().pid();
        assertEquals("free", StateLock.sentence(null));
        assertEquals("free", StateLock.sentence("  "));
        assertEquals("held by pid " + me + " on " + host + " ('factory apply') since 2026-11-26T21:00:00Z",
                StateLock.sentence("{\"pid\":" + me + ",\"host\":\"" + host + "\",\"command\":\"factory apply\",\"since\":\"2026-11-26T21:00:00Z\"}"));
        assertEquals("free (the last holder, pid 999999999 on " + host + " ('factory daemon'), is gone)",
                StateLock.sentence("{\"pid\":999999999,\"host\":\"" + host + "\",\"command\":\"factory daemon\",\"since\":\"x\"}"));
        assertTrue(StateLock.sentence("{\"pid\":1,\"host\":\"elsewhere\",\"command\":\"c\",\"since\":\"s\"}").startsWith("held by pid 1 on elsewhere"),
                "a holder on another host cannot be checked from here");
        assertTrue(StateLock.sentence("{broken").startsWith("unreadable record"));
    }
}
