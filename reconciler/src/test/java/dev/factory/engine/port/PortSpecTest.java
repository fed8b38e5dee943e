package dev.factory.engine.port;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PortSpecTest {
    private static List<String> parsed(String entry) {
        return PortSpec.parse(entry).stream().map(PortSpec::toString).toList();
    }

    @Test
    void composeShortSyntaxBindsToLoopbackUnlessAnAddressIsWritten() {
        assertEquals(List.of("127.0.0.1::3000/tcp"), parsed("3000"));
        assertEquals(List.of("127.0.0.1:4001:4001/tcp"), parsed("4001:4001"));
        assertEquals(List.of("127.0.0.1:8080:80/tcp"), parsed("8080:80"));
        assertEquals(List.of("10.0.0.5:4001:4001/tcp"), parsed("10.0.0.5:4001:4001"));
        assertEquals(List.of("0.0.0.0:4001:4001/udp"), parsed("0.0.0.0:4001:4001/udp"));
        assertEquals(List.of("127.0.0.1::53/udp"), parsed("127.0.0.1::53/udp"));
        assertEquals(List.of("[::1]:8080:80/tcp"), parsed("[::1]:8080:80"));
        assertEquals(List.of("127.0.0.1:3000:3000/tcp", "127.0.0.1:3001:3001/tcp", "127.0.0.1:3002:3002/tcp"), parsed("3000-3002:3000-3002"));
        assertEquals(List.of("127.0.0.1:9000:3000/tcp", "127.0.0.1:9001:3001/tcp"), parsed(" 9000-9001:3000-3001 "));
        assertEquals(11, PortSpec.parse("127.0.0.1:3000-3010:3000-3010").size());
        assertEquals(List.of("127.0.0.1:1:65535/tcp"), parsed("1:65535"), "both ends of the range of ports");
    }

    @Test
    void onlyTheUnspecifiedAddressesAreEveryInterface() {
        assertTrue(PortSpec.parse("0.0.0.0:80:80").get(0).everyInterface());
        assertTrue(PortSpec.parse("[::]:80:80").get(0).everyInterface());
        assertFalse(PortSpec.parse("80:80").get(0).everyInterface());
        assertFalse(PortSpec.parse("10.0.0.1:80:80").get(0).everyInterface());
    }

    @Test
    void whatIsWrongIsSaid() {
        assertMessage("0", "outside 1-65535");
        assertMessage("65536:80", "outside 1-65535");
        assertMessage("3000-3010:3000-3005", "maps 11 host ports to 6 container ports");
        assertMessage("3000-3002", "write the host range too");
        assertMessage("3010-3000:3010-3000", "ends before it starts");
        assertMessage("localhost:80:80", "is not a port in compose's short syntax");
        assertMessage("80:80/icmp", "is not a port");
        assertMessage("1.2.3:80:80", "is not a port");
        assertMessage("", "is not a port");
    }

    private static void assertMessage(String entry, String says) {
        var e = assertThrows(IllegalArgumentException.class, () -> PortSpec.parse(entry), entry);
        assertTrue(e.getMessage().contains(says), entry + ": " + e.getMessage());
    }

    @Test
    void patienceIsTheStartPeriodAndEveryRetryAndOneMoreAtMostFiveMinutes() {
        var h = new HealthSpec(List.of("CMD", "true"), Duration.ofSeconds(2), Duration.ofSeconds(1), 3, Duration.ofSeconds(5));
        assertEquals(Duration.ofSeconds(5 + 3 * 4), h.patience());
        assertEquals(HealthSpec.MOST, new HealthSpec(List.of("CMD", "true"), HealthSpec.INTERVAL, HealthSpec.TIMEOUT, 10, Duration.ZERO).patience());
    }
}
