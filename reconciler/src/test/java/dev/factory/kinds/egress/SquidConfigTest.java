package dev.factory.kinds.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.kinds.container.EgressPolicy;
import dev.factory.kinds.container.EgressRule;
import dev.factory.kinds.container.EgressSettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SquidConfigTest {
    static final EgressPolicy.Layout LAYOUT = EgressPolicy.Layout.of("lane", "10.203.0.0/16", 5);

    static EgressPolicy policy(EgressPolicy.Mode mode, Map<String, EgressPolicy.Endpoint> endpoints, String... allow) {
        return new EgressPolicy(mode, java.util.Arrays.stream(allow).map(EgressRule::parse).toList(), endpoints, LAYOUT);
    }

    static List<String> access(String conf) {
        return conf.lines().filter(l -> l.startsWith("http_access ")).toList();
    }

    @Test
    void enforceDeniesPrivateAndLoopbackFirstThenAllowsEachRuleOnItsPortsThenDeniesTheRest() {
        String conf = SquidConfig.squid("lane", policy(EgressPolicy.Mode.ENFORCE, Map.of(), "registry.npmjs.org", "github.com:22"), EgressSettings.DEFAULTS);
        assertTrue(conf.contains("http_port 127.203.5.10:31280\n"), "the host's loopback only, on an address of its own:\n" + conf);
        assertTrue(conf.contains("acl allow1 dstdom_regex -n -i ^registry\\.npmjs\\.org$"), conf);
        assertTrue(conf.contains("acl allow1_port port 80 443\n"), conf);
        assertTrue(conf.contains("acl allow2 dstdom_regex -n -i ^github\\.com$"), conf);
        assertTrue(conf.contains("acl allow2_port port 22\n"), conf);
        assertEquals(List.of("http_access deny private", "http_access deny loopback", "http_access allow allow1 allow1_port",
                "http_access allow allow2 allow2_port", "http_access deny all"), access(conf));
        String privateLine = conf.lines().filter(l -> l.startsWith("acl private dst ")).findFirst().orElseThrow();
        for (String range : List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16", "100.64.0.0/10", "fc00::/7", "fe80::/10")) {
            assertTrue(privateLine.contains(" " + range), range);
        }
        assertTrue(conf.contains("access_log stdio:/run/factory-egress/access.log factory\n"));
        assertTrue(conf.contains("hosts_file /etc/factory-egress/hosts\n"));
        assertFalse(conf.contains("mapped"), "no names mapped, no exception to the loopback deny");
    }

    @Test
    void auditAllowsAllButPrivateAndLoopback() {
        String conf = SquidConfig.squid("lane", policy(EgressPolicy.Mode.AUDIT, Map.of(), "registry.npmjs.org"), EgressSettings.DEFAULTS);
        assertEquals(List.of("http_access deny private", "http_access deny loopback", "http_access allow all"), access(conf));
        assertTrue(conf.contains("egress mode audit"));
    }

    @Test
    void mappedNamesMayBeOnTheLoopbackAndNothingElseMay() {
        var settings = new EgressSettings("egress-proxy", "10.203.0.0/16", Map.of("stand-in.test", "127.0.0.1", "b.test", "127.0.0.2"));
        var files = SquidConfig.files("lane", policy(EgressPolicy.Mode.ENFORCE, Map.of(), "stand-in.test:8080"), settings);
        assertTrue(files.get("squid.conf").contains("acl mapped dstdomain -n b.test stand-in.test\n"), files.get("squid.conf"));
        assertTrue(access(files.get("squid.conf")).contains("http_access deny loopback !mapped"));
        assertTrue(files.get("hosts").contains("127.0.0.1 stand-in.test\n"));
        assertTrue(files.get("hosts").contains("127.0.0.2 b.test\n"));
        assertFalse(files.get("hosts").contains("factory-egress"), "no endpoint, no name for the gate");
    }

    @Test
    void endpointsGetARelayOnEachSideAndTheGatesNameLeadsToThemThroughTheProxy() {
        var endpoints = Map.of("paperclip", new EgressPolicy.Endpoint("paperclip", "127.0.0.1", 3100, "/"),
                "other", new EgressPolicy.Endpoint("other", "127.0.0.9", 4000, "/"));
        var files = SquidConfig.files("lane", policy(EgressPolicy.Mode.ENFORCE, endpoints, "github.com"), EgressSettings.DEFAULTS);
        assertEquals("proxy 127.203.5.10:31280\nendpoint-other 127.0.0.9:4000\nendpoint-paperclip 127.0.0.1:3100\n", files.get("relays"));
        assertEquals("proxy 3128\nendpoint-other 4000\nendpoint-paperclip 3100\n", files.get("listens"));
        String conf = files.get("squid.conf");
        assertTrue(conf.contains("acl gate dstdomain -n factory-egress\n"), conf);
        assertTrue(conf.contains("acl endpoint_port port 3100\n"), "only the endpoint on 127.0.0.1, where the gate's name points:\n" + conf);
        assertEquals(List.of("http_access deny private", "http_access allow gate endpoint_port", "http_access deny loopback",
                "http_access allow allow1 allow1_port", "http_access deny all"), access(conf));
        assertTrue(files.get("hosts").contains("127.0.0.1 factory-egress\n"));
        assertEquals(List.of("hosts", "listens", "relays", "squid.conf"), List.copyOf(files.keySet()));
    }

    @Test
    void theGatesNameLeadsNowhereWhenNoEndpointIsOnTheUsualLoopbackAddress() {
        var files = SquidConfig.files("lane", policy(EgressPolicy.Mode.ENFORCE, Map.of("x", new EgressPolicy.Endpoint("x", "127.0.0.9", 4000, "/")),
                "github.com"), EgressSettings.DEFAULTS);
        assertFalse(files.get("hosts").contains("factory-egress"), files.get("hosts"));
        assertFalse(files.get("squid.conf").contains("acl gate"), files.get("squid.conf"));
        assertEquals("proxy 3128\nendpoint-x 4000\n", files.get("listens"), "the gate still relays it");
    }

    @Test
    void theSamePolicyRendersTheSameBytes() {
        var a = SquidConfig.files("lane", policy(EgressPolicy.Mode.ENFORCE, Map.of(), "b.example.com", "a.example.com"), EgressSettings.DEFAULTS);
        var b = SquidConfig.files("lane", policy(EgressPolicy.Mode.ENFORCE, Map.of(), "b.example.com", "a.example.com"), EgressSettings.DEFAULTS);
        assertEquals(a, b);
        var other = SquidConfig.files("ci", policy(EgressPolicy.Mode.ENFORCE, Map.of(), "b.example.com", "a.example.com"), EgressSettings.DEFAULTS);
        assertTrue(other.get("squid.conf").startsWith("# profile ci,"));
    }
}
