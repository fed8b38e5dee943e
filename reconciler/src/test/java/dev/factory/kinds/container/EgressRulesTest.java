package dev.factory.kinds.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.config.ConfigLoader;
import dev.factory.config.Diagnostic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A profile's egress as the config loader reads it: what its containers get, and what is refused. */
class EgressRulesTest {
    @TempDir
    Path tmp;

    private ConfigLoader.Result load(String yaml) throws IOException {
        Files.writeString(tmp.resolve("f.yaml"), "host: {name: t}\negress: {image: 'egress:1'}\n" + yaml);
        return dev.factory.app.Registry.configLoader().load(tmp);
    }

    private ProfileSpec profile(String yaml, String name) throws IOException {
        var result = load(yaml);
        assertTrue(result.ok(), result.diagnostics().toString());
        return ContainerSection.profiles(result.desired()).get(name);
    }

    private List<String> errors(String yaml) throws IOException {
        return load(yaml).diagnostics().stream().filter(d -> d.severity() == Diagnostic.Severity.ERROR).map(Diagnostic::summary).toList();
    }

    @Test
    void anEnforcedProfileMovesToItsNetworkWithTheGateInHostsAndTheProxyInItsEnv() throws IOException {
        var p = profile("""
                profiles:
                  lane:
                    image: 'codex:1'
                    env: {NODE_OPTIONS: --max-old-space-size=4096, OWN: x}
                    endpoints: {paperclip: "http://127.0.0.1:3100/api", other: "http://127.0.0.1:4000/"}
                    extraHosts: ["a:1.2.3.4"]
                    egress:
                      allow: [registry.npmjs.org, "github.com:22"]
                      endpoints: [paperclip]
                """, "lane");
        assertTrue(p.egressEnforced());
        var layout = p.egress().layout();
        assertEquals("factory-egress-lane", p.network());
        assertEquals(List.of("a:1.2.3.4", "factory-egress:" + layout.gateAddress()), p.extraHosts());
        assertEquals("http://factory-egress:3128", p.env().get("HTTPS_PROXY"));
        assertEquals("--max-old-space-size=4096 " + EgressPolicy.NODE_QUIET, p.env().get("NODE_OPTIONS"), "the profile's own options are kept");
        assertEquals("x", p.env().get("OWN"));
        assertEquals("http://factory-egress:3100/api", p.env().get("FACTORY_ENDPOINT_PAPERCLIP"));
        assertEquals("http://factory-egress:3100/api", p.endpoints().get("paperclip"), "doctor probes it where the gate serves it");
        assertEquals("http://127.0.0.1:4000/", p.endpoints().get("other"), "an endpoint not listed stays as declared (and unreachable)");
        assertEquals(List.of("registry.npmjs.org", "github.com:22"), p.egress().allow().stream().map(EgressRule::toString).toList());
        assertEquals(EgressPolicy.Mode.ENFORCE, p.egress().mode());
    }

    @Test
    void aProfileWithoutEgressOrWithItOffKeepsItsNetworkAndEnv() throws IOException {
        var result = load("""
                profiles:
                  plain: {image: 'x:1', network: host}
                  off: {image: 'x:1', network: host, env: {HTTPS_PROXY: "http://mine:8080"}, egress: {mode: off, allow: [github.com]}}
                """);
        assertTrue(result.ok(), result.diagnostics().toString());
        var plain = ContainerSection.profiles(result.desired()).get("plain");
        assertNull(plain.egress());
        assertFalse(plain.egressEnforced());
        assertEquals("host", plain.network());
        var off = ContainerSection.profiles(result.desired()).get("off");
        assertEquals("host", off.network());
        assertEquals("http://mine:8080", off.env().get("HTTPS_PROXY"), "off leaves the profile's own proxy alone");
        assertEquals(List.of(), off.extraHosts());
        assertEquals(EgressPolicy.Mode.OFF, off.egress().mode());
    }

    @Test
    void onlyAnEgressThatIsOnTakesASlot() throws IOException {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        assertTrue(EgressRules.declaresEnforcement(json.readTree("{\"egress\": {}}")));
        assertTrue(EgressRules.declaresEnforcement(json.readTree("{\"egress\": {\"mode\": \"audit\"}}")));
        assertFalse(EgressRules.declaresEnforcement(json.readTree("{\"egress\": {\"mode\": \"off\"}}")));
        assertFalse(EgressRules.declaresEnforcement(json.readTree("{\"egress\": null}")));
        assertFalse(EgressRules.declaresEnforcement(json.readTree("{\"image\": \"x\"}")));
    }

    @Test
    void auditIsOnToo() throws IOException {
        var p = profile("profiles:\n  a: {image: 'x:1', egress: {mode: audit}}\n", "a");
        assertTrue(p.egressEnforced());
        assertEquals("audit", p.env().get("FACTORY_EGRESS"));
        assertEquals("factory-egress-a", p.network());
    }

    @Test
    void twoProfilesNeverShareASlotAndTheirSubnetsComeFromThePool() throws IOException {
        var result = load("""
                profiles:
                  a: {image: 'x:1', egress: {}}
                  b: {image: 'x:1', egress: {}}
                  c: {image: 'x:1'}
                """);
        assertTrue(result.ok(), result.diagnostics().toString());
        var profiles = ContainerSection.profiles(result.desired());
        var a = profiles.get("a").egress().layout();
        var b = profiles.get("b").egress().layout();
        assertFalse(a.subnet().equals(b.subnet()));
        assertTrue(a.subnet().startsWith("10.203.") && b.subnet().startsWith("10.203."), a + " " + b);
        assertEquals(EgressPolicy.slots(List.of("a", "b")).get("a"), a.slot());
    }

    @Test
    void whatEgressCannotKeepIsRefused() throws IOException {
        assertTrue(errors("profiles:\n  a: {image: 'x:1', network: none, egress: {}}\n").stream().anyMatch(e -> e.contains("remove network: none")));
        assertTrue(errors("profiles:\n  a: {image: 'x:1', env: {no_proxy: '*'}, egress: {}}\n").stream().anyMatch(e -> e.contains("env no_proxy is set by the profile's egress")));
        assertTrue(errors("profiles:\n  a: {image: 'x:1', endpoints: {p: 'http://127.0.0.1:3100/'}, env: {FACTORY_ENDPOINT_P: x}, egress: {endpoints: [p]}}\n")
                .stream().anyMatch(e -> e.contains("env FACTORY_ENDPOINT_P is set by the profile's egress")));
        assertTrue(errors("profiles:\n  a: {image: 'x:1', endpoints: {p: 'http://127.0.0.1:3100/', q: 'http://127.0.0.2:3100/'}, egress: {endpoints: [p, q]}}\n")
                .stream().anyMatch(e -> e.contains("both use port 3100")));
        assertTrue(errors("profiles:\n  a: {image: 'x:1', network: bridge, egress: {}}\n").isEmpty(), "bridge is the default: writing it is fine");
        var duplicate = load("profiles:\n  a: {image: 'x:1', egress: {allow: [github.com, GitHub.com]}}\n");
        assertTrue(duplicate.ok());
        assertTrue(duplicate.diagnostics().stream().anyMatch(d -> d.severity() == Diagnostic.Severity.WARNING && d.summary().contains("listed twice")));
        assertEquals(1, ContainerSection.profiles(duplicate.desired()).get("a").egress().allow().size());
    }
}
