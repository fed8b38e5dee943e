package dev.factory.kinds.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EgressPolicyTest {

    @Test
    void slotsAreStableWhenAProfileIsAddedAndNeverShared() {
        var three = EgressPolicy.slots(List.of("ci", "lane", "agent"));
        var four = EgressPolicy.slots(List.of("ci", "lane", "agent", "runner"));
        for (String p : three.keySet()) assertEquals(three.get(p), four.get(p), p + " kept its slot");
        var many = new java.util.ArrayList<String>();
        for (int i = 0; i < 250; i++) many.add("profile-" + i);
        var slots = EgressPolicy.slots(many);
        assertEquals(250, new HashSet<>(slots.values()).size(), "250 profiles, 250 slots");
        slots.values().forEach(s -> assertTrue(s >= 1 && s <= 250, "slot " + s));
        assertEquals(EgressPolicy.slots(List.of("lane", "ci")), EgressPolicy.slots(List.of("ci", "lane")), "order of declaration does not matter");
        var alone = new HashSet<Integer>();
        for (String p : List.of("ci", "lane", "agent", "runner", "ops")) alone.add(EgressPolicy.slots(List.of(p)).get(p));
        assertTrue(alone.size() >= 4, "each name hashes to a slot of its own, not the first free one: " + alone);
    }

    @Test
    void aCollisionTakesTheNextFreeSlotInNameOrder() {
        // find two names with the same hash slot
        String a = null, b = null;
        var seen = new java.util.HashMap<Integer, String>();
        for (int i = 0; a == null; i++) {
            String name = "p" + i;
            int slot = EgressPolicy.slots(List.of(name)).get(name);
            if (seen.containsKey(slot)) {
                a = seen.get(slot);
                b = name;
            } else {
                seen.put(slot, name);
            }
        }
        var both = EgressPolicy.slots(List.of(a, b));
        String first = a.compareTo(b) < 0 ? a : b;
        String second = first.equals(a) ? b : a;
        int own = EgressPolicy.slots(List.of(first)).get(first);
        assertEquals(own, both.get(first));
        assertEquals(own % 250 + 1, both.get(second));
    }

    @Test
    void theLayoutCutsOneSlashTwentyFourPerSlot() {
        var layout = EgressPolicy.Layout.of("lane", "10.203.0.0/16", 7);
        assertEquals("factory-egress-lane", layout.network());
        assertEquals("10.203.7.0/24", layout.subnet());
        assertEquals("10.203.7.2", layout.gateAddress());
        assertEquals("127.203.7.10", layout.proxyAddress());
        assertEquals("127.203.7.10:31280", layout.proxyListen());
        assertEquals("factory-egress-lane-proxy", layout.proxyContainer());
        assertEquals("factory-egress-lane-gate", layout.gateContainer());
        assertEquals("factory-egress-lane", layout.volume());
        assertEquals("172.30.250.0/24", EgressPolicy.Layout.of("x", "172.30.0.0/16", 250).subnet());
        assertEquals("127.30.250.172", EgressPolicy.Layout.of("x", "172.30.0.0/16", 250).proxyAddress(), "pools differing only in their first octet differ here too");
        assertEquals("127.168.3.192", EgressPolicy.Layout.of("x", "192.168.0.0/16", 3).proxyAddress());
    }

    @Test
    void anEnforcedProfileGetsTheProxyVariablesAndEachEndpointsAddress() {
        var endpoint = new EgressPolicy.Endpoint("paper-clip", "127.0.0.1", 3100, "/api");
        var policy = new EgressPolicy(EgressPolicy.Mode.ENFORCE, List.of(), Map.of("paper-clip", endpoint), EgressPolicy.Layout.of("lane", "10.203.0.0/16", 3));
        var env = policy.environment();
        for (String v : List.of("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy")) assertEquals("http://factory-egress:3128", env.get(v), v);
        assertEquals("factory-egress", env.get("NO_PROXY"));
        assertEquals("factory-egress", env.get("no_proxy"));
        assertEquals("1", env.get("NODE_USE_ENV_PROXY"));
        assertEquals("enforce", env.get("FACTORY_EGRESS"));
        assertEquals("http://factory-egress:3100/api", env.get("FACTORY_ENDPOINT_PAPER_CLIP"));
        assertTrue(policy.enforced());
        assertEquals(EgressPolicy.NODE_QUIET, env.get("NODE_OPTIONS"));
        for (String key : env.keySet()) {
            assertTrue(EgressPolicy.RESERVED_VARIABLES.contains(key) || key.equals(endpoint.variable()) || key.equals("NODE_OPTIONS"), key + " is reserved");
        }
        var audit = new EgressPolicy(EgressPolicy.Mode.AUDIT, List.of(), Map.of(), EgressPolicy.Layout.of("lane", "10.203.0.0/16", 3));
        assertEquals("audit", audit.environment().get("FACTORY_EGRESS"));
        assertTrue(audit.enforced());
    }

    @Test
    void offSetsNothing() {
        var off = new EgressPolicy(EgressPolicy.Mode.OFF, List.of(EgressRule.parse("github.com")), Map.of(), null);
        assertFalse(off.enforced());
        assertEquals(Map.of(), off.environment());
        assertEquals(EgressPolicy.Mode.AUDIT, EgressPolicy.Mode.parse("Audit"));
        assertNotEquals(EgressPolicy.Mode.OFF.word(), EgressPolicy.Mode.ENFORCE.word());
    }

    @Test
    void endpointsMustBePlainHttpOnTheLoopbackAwayFromTheProxyPort() {
        var ok = EgressRules.endpoint("paperclip", "http://127.0.0.1:3100/");
        assertEquals(new EgressPolicy.Endpoint("paperclip", "127.0.0.1", 3100, "/"), ok.value());
        assertEquals(new EgressPolicy.Endpoint("x", "127.0.0.1", 80, "/v1"), EgressRules.endpoint("x", "http://localhost/v1").value());
        assertEquals("127.0.0.5", EgressRules.endpoint("x", "http://127.0.0.5:9/").value().host());
        assertTrue(EgressRules.endpoint("x", "https://127.0.0.1:3100/").problem().contains("not http://"));
        assertTrue(EgressRules.endpoint("x", "http://10.0.0.1:3100/").problem().contains("loopback"));
        assertTrue(EgressRules.endpoint("x", "http://paperclip.internal:3100/").problem().contains("loopback"));
        assertTrue(EgressRules.endpoint("x", "http://127.0.0.1:3128/").problem().contains("proxy port"));
        assertTrue(EgressRules.endpoint("x", "http://127.0.0.1:3100/a b").problem().contains("not a URL"));
    }
}
