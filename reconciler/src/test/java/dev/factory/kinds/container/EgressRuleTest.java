package dev.factory.kinds.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class EgressRuleTest {

    @Test
    void aNameWithoutAPortAllowsTheWebsTwoPortsOnThatNameOnly() {
        var rule = EgressRule.parse("Registry.NPMJS.org");
        assertEquals("registry.npmjs.org", rule.pattern());
        assertNull(rule.port());
        assertTrue(rule.allows("registry.npmjs.org", 443));
        assertTrue(rule.allows("REGISTRY.npmjs.org", 80));
        assertFalse(rule.allows("registry.npmjs.org", 22));
        assertFalse(rule.allows("evil.registry.npmjs.org", 443));
        assertFalse(rule.allows("registry.npmjs.org.evil.com", 443));
        assertFalse(rule.allows("npmjs.org", 443));
        assertEquals(List.of(80, 443), rule.ports());
    }

    @Test
    void aWildcardAllowsSubdomainsAtAnyDepthButNotTheDomainItself() {
        var rule = EgressRule.parse("*.githubusercontent.com");
        assertTrue(rule.allows("raw.githubusercontent.com", 443));
        assertTrue(rule.allows("a.b.githubusercontent.com", 443));
        assertTrue(rule.allows("a.githubusercontent.com", 443), "one letter is a subdomain");
        assertFalse(rule.allows(".githubusercontent.com", 443), "an empty label is not");
        assertFalse(rule.allows("githubusercontent.com", 443));
        assertFalse(rule.allows("evilgithubusercontent.com", 443));
        assertFalse(rule.allows("raw.githubusercontent.com.evil.com", 443));
    }

    @Test
    void aPortNarrowsTheRuleToThatPort() {
        var rule = EgressRule.parse("github.com:22");
        assertEquals(22, rule.port());
        assertTrue(rule.allows("github.com", 22));
        assertFalse(rule.allows("github.com", 443));
        assertEquals(List.of(22), rule.ports());
        assertEquals("github.com:22", rule.toString());
        assertEquals("github.com", EgressRule.parse("github.com").toString());
    }

    @Test
    void theSquidPatternMatchesExactlyWhatTheRuleAllows() {
        for (String written : List.of("registry.npmjs.org", "*.githubusercontent.com", "api.anthropic.com:443")) {
            var rule = EgressRule.parse(written);
            var regex = Pattern.compile(rule.squidRegex(), Pattern.CASE_INSENSITIVE);
            for (String host : List.of("registry.npmjs.org", "registryxnpmjs.org", "raw.githubusercontent.com", "githubusercontent.com",
                    "a.b.githubusercontent.com", "api.anthropic.com", "xapi.anthropic.com", "api.anthropic.com.evil.com")) {
                boolean port = rule.ports().contains(443);
                assertEquals(rule.allows(host, 443), port && regex.matcher(host).find(), written + " against " + host);
            }
        }
        assertEquals("^registry\\.npmjs\\.org$", EgressRule.parse("registry.npmjs.org").squidRegex());
        assertEquals("^[^/]+\\.githubusercontent\\.com$", EgressRule.parse("*.githubusercontent.com").squidRegex());
    }

    @Test
    void addressesWildcardsInTheMiddleAndBadPortsAreRefusedWithTheReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EgressRule.parse("10.0.0.1")).getMessage().contains("by host name only"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EgressRule.parse("169.254.169.254:80")).getMessage().contains("address"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EgressRule.parse("[::1]:443")).getMessage().contains("address"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EgressRule.parse("api.*.com")).getMessage().contains("first label"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EgressRule.parse("*")).getMessage().contains("first label"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EgressRule.parse("*.com")).getMessage().contains("top-level"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EgressRule.parse("github.com:0")).getMessage().contains("1 to 65535"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EgressRule.parse("github.com:65536")).getMessage().contains("1 to 65535"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EgressRule.parse("github.com:ssh")).getMessage().contains("port"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EgressRule.parse("git_hub.com")).getMessage().contains("not a host name"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EgressRule.parse("-github.com")).getMessage().contains("not a host name"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EgressRule.parse("github..com")).getMessage().contains("not a host name"));
        assertEquals(65535, EgressRule.parse("github.com:65535").port());
        assertEquals(1, EgressRule.parse("github.com:1").port());
        assertEquals("localhost", EgressRule.parse("localhost").pattern());
    }

    @Test
    void theFirstAllowingRuleIsFound() {
        var rules = List.of(EgressRule.parse("github.com:22"), EgressRule.parse("*.github.com"), EgressRule.parse("github.com"));
        assertEquals("github.com", EgressRule.firstAllowing(rules, "github.com", 443).orElseThrow().toString());
        assertEquals("github.com:22", EgressRule.firstAllowing(rules, "github.com", 22).orElseThrow().toString());
        assertEquals("*.github.com", EgressRule.firstAllowing(rules, "api.github.com", 443).orElseThrow().toString());
        assertTrue(EgressRule.firstAllowing(rules, "api.github.com", 22).isEmpty());
    }
}
