package dev.factory.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.kinds.container.EgressPolicy;
import dev.factory.kinds.container.EgressRule;
import dev.factory.kinds.container.ProfileSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EgressChecksTest {
    static ProfileSpec profile(String network, EgressPolicy egress) {
        return new ProfileSpec("lane", "codex-lane", "1000:1000", network, null, null, null, List.of(), Map.of(), List.of(), List.of(), List.of(),
                List.of(), false, List.of(), null, null, List.of(), Map.of(), egress, List.of());
    }

    static EgressPolicy policy(EgressPolicy.Mode mode, String... allow) {
        return new EgressPolicy(mode, java.util.Arrays.stream(allow).map(EgressRule::parse).toList(), Map.of(),
                mode == EgressPolicy.Mode.OFF ? null : EgressPolicy.Layout.of("lane", "10.203.0.0/16", 1));
    }

    @Test
    void aProfileWithoutEgressIsShownOpenNeverGreen() {
        var none = EgressChecks.open(profile("bridge", null)).orElseThrow();
        assertEquals(Check.Status.UNKNOWN, none.status());
        assertEquals("egress", none.connection());
        assertTrue(none.detail().startsWith("open: no egress declared, so anything network bridge reaches is reachable"), none.detail());
        var off = EgressChecks.open(profile("host", policy(EgressPolicy.Mode.OFF, "github.com"))).orElseThrow();
        assertEquals(Check.Status.UNKNOWN, off.status());
        assertTrue(off.detail().startsWith("open: egress.mode is off, so anything network host reaches"), off.detail());
        var closed = EgressChecks.open(profile("none", null)).orElseThrow();
        assertEquals(Check.Status.OK, closed.status());
        assertTrue(EgressChecks.open(profile("factory-egress-lane", policy(EgressPolicy.Mode.ENFORCE, "github.com"))).isEmpty(),
                "an enforced profile is proved inside its container instead");
        assertTrue(EgressChecks.open(profile("factory-egress-lane", policy(EgressPolicy.Mode.AUDIT))).isEmpty());
    }

    @Test
    void onlyConcreteHostsAreTriedInListOrderOnTheirPort() {
        var tried = EgressChecks.concrete(policy(EgressPolicy.Mode.ENFORCE, "*.npmjs.org", "registry.npmjs.org", "github.com:22", "api.openai.com"));
        assertEquals(List.of("registry.npmjs.org:443", "github.com:22", "api.openai.com:443"), tried.stream().map(t -> t[0] + ":" + t[1]).toList());
        assertEquals(List.of(), EgressChecks.concrete(policy(EgressPolicy.Mode.ENFORCE, "*.npmjs.org")));
    }

    @Test
    void theProbesGoThroughTheGateWithNcOrBashAndNothingElse() {
        String connect = EgressChecks.connectScript("registry.npmjs.org", "443");
        assertTrue(connect.contains("CONNECT registry.npmjs.org:443 HTTP/1.1\\r\\nHost: registry.npmjs.org:443\\r\\n\\r\\n"), connect);
        assertTrue(connect.contains("nc -w 5 factory-egress 3128"), connect);
        assertTrue(connect.contains("/dev/tcp/factory-egress/3128"), connect);
        String direct = EgressChecks.directScript("registry.npmjs.org", "443");
        assertTrue(direct.contains("nc -w 3 registry.npmjs.org 443") && direct.contains("/dev/tcp/registry.npmjs.org/443"), direct);
        assertTrue(direct.contains("echo connected"), direct);
        assertTrue(direct.endsWith("; true"), "the probe's own exit code never decides: only its output does");
        assertEquals("denied.factory-egress.invalid", EgressChecks.OFF_LIST, "a name that cannot be real (RFC 2606)");
    }
}
