package dev.factory.kinds.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.kinds.container.EgressPolicy;
import dev.factory.kinds.container.EgressRule;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EgressAuditTest {
    final EgressPolicy audit = new EgressPolicy(EgressPolicy.Mode.AUDIT, List.of(EgressRule.parse("registry.npmjs.org"), EgressRule.parse("*.github.com")),
            Map.of("paperclip", new EgressPolicy.Endpoint("paperclip", "127.0.0.1", 3100, "/")), EgressPolicy.Layout.of("agent", "10.203.0.0/16", 4));

    @Test
    void eachDestinationIsCountedWithItsLastSightingAndWhetherTheListAllowsIt() {
        String log = String.join("\n",
                "1795768834.376 CONNECT registry.npmjs.org 443 200 TCP_TUNNEL",
                "1795768835.001 CONNECT api.github.com 443 200 TCP_TUNNEL",
                "1795768836.5 CONNECT registry.npmjs.org 443 200 TCP_TUNNEL",
                "1795768837.250 CONNECT pastebin.com 443 200 TCP_TUNNEL",
                "1795768838.000 CONNECT 169.254.169.254 80 403 TCP_DENIED",
                "1795768839.000 GET factory-egress 3100 200 TCP_MISS",
                "1795768839.500 GET factory-egress 22 403 TCP_DENIED",
                "1795768840.000 CONNECT github.com 22 200 TCP_TUNNEL",
                "1795768841.000 CONNECT denied.factory-egress.invalid 443 503 NONE_NONE",
                "garbage line",
                "1795768842.000 CONNECT x.com notaport 200 TCP_TUNNEL",
                "");
        var p = EgressAudit.summarise("agent", audit, log);
        assertEquals("agent", p.profile());
        assertEquals("audit", p.mode());
        assertNull(p.problem());
        var d = p.destinations();
        assertEquals(List.of("registry.npmjs.org:443", "169.254.169.254:80", "api.github.com:443", "factory-egress:22", "factory-egress:3100", "github.com:22",
                        "pastebin.com:443"),
                d.stream().map(x -> x.host() + ":" + x.port()).toList(), "most asked for first, then by name");
        assertEquals(2, d.get(0).requests());
        assertEquals(Instant.parse("2026-11-27T08:40:36.500Z"), d.get(0).lastSeen(), "the later of the two, with its millis");
        assertEquals("registry.npmjs.org", d.get(0).listed());
        assertEquals(1, d.get(1).refused());
        assertTrue(d.get(1).offList());
        assertEquals("*.github.com", d.get(2).listed());
        assertTrue(d.get(3).offList(), "the gate's name on a port no endpoint has");
        assertEquals("endpoint paperclip", d.get(4).listed());
        assertTrue(d.get(5).offList(), "github.com:22 is neither github.com on the web ports nor a subdomain");
        assertTrue(d.get(6).offList());
        assertEquals(0, d.get(6).refused(), "audit let it through");
        assertEquals(4, p.offList());
    }

    @Test
    void anEmptyLogHasNoDestinationsAndAnUnreadableOneSaysWhy() {
        assertEquals(List.of(), EgressAudit.summarise("agent", audit, "").destinations());
        var bad = EgressAudit.unreadable("agent", audit, "its proxy is not running");
        assertEquals("its proxy is not running", bad.problem());
        assertEquals(0, bad.offList());
    }

    @Test
    void hostsAreCaseFoldedIntoOneDestination() {
        var p = EgressAudit.summarise("agent", audit, "1.000 CONNECT Registry.NPMJS.org 443 200 TCP_TUNNEL\n2.000 CONNECT registry.npmjs.org 443 403 TCP_DENIED\n");
        assertEquals(1, p.destinations().size());
        assertEquals(2, p.destinations().get(0).requests());
        assertEquals(1, p.destinations().get(0).refused());
        assertEquals(Instant.ofEpochSecond(2), p.destinations().get(0).lastSeen());
    }
}
