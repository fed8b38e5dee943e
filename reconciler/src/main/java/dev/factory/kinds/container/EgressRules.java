package dev.factory.kinds.container;

import com.fasterxml.jackson.databind.JsonNode;
import dev.factory.config.Declared;
import dev.factory.config.Diagnostic;
import dev.factory.config.Diagnostics;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads and checks {@code profiles.NAME.egress}. */
@dev.factory.engine.KindApi
public final class EgressRules {
    private EgressRules() {}

    /** Whether a profile's spec asks for its egress to be enforced or audited (mode defaults to enforce). */
    public static boolean declaresEnforcement(JsonNode profile) {
        JsonNode egress = profile.get("egress");
        return egress != null && !egress.isNull() && mode(egress) != EgressPolicy.Mode.OFF;
    }

    /** The mode written, enforce when none is. */
    private static EgressPolicy.Mode mode(JsonNode egress) {
        return EgressPolicy.Mode.parse(egress.path("mode").asText("enforce"));
    }

    /**
     * The profile's egress; null when it declares none. {@code endpoints}
     * are the profile's declared ones (NAME -> URL); {@code slots} the pool slot of each profile
     * whose egress is on.
     */
    public static EgressPolicy read(Declared d, Map<String, String> endpoints, EgressSettings settings, Map<String, Integer> slots,
                                    Diagnostics diagnostics) {
        JsonNode egress = d.spec().get("egress");
        if (egress == null || egress.isNull()) return null;
        String base = d.pointer() + "/egress";
        String path = d.path() + ".egress";
        var mode = mode(egress);
        var allow = new ArrayList<EgressRule>();
        var seen = new HashMap<String, Integer>();
        JsonNode list = egress.path("allow");
        for (int i = 0; i < list.size(); i++) {
            try {
                var rule = EgressRule.parse(list.get(i).asText());
                Integer before = seen.put(rule.toString(), i);
                if (before != null) {
                    diagnostics.add(Diagnostic.warning(d.doc().valueLocation(base + "/allow/" + i), path + ".allow[" + i + "]",
                            "'" + rule + "' is listed twice (first at allow[" + before + "])"));
                } else {
                    allow.add(rule);
                }
            } catch (IllegalArgumentException e) {
                diagnostics.add(Diagnostic.error(d.doc().valueLocation(base + "/allow/" + i), path + ".allow[" + i + "]", e.getMessage()));
            }
        }
        var exposed = new LinkedHashMap<String, EgressPolicy.Endpoint>();
        var ports = new HashMap<Integer, String>();
        JsonNode names = egress.path("endpoints");
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i).asText();
            var at = d.doc().valueLocation(base + "/endpoints/" + i);
            String where = path + ".endpoints[" + i + "]";
            String url = endpoints.get(name);
            if (url == null) {
                diagnostics.add(Diagnostic.error(at, where, "endpoint '" + name + "' is not declared in profiles." + d.name() + ".endpoints"
                        + dev.factory.config.Suggestions.didYouMean(name, endpoints.keySet())));
                continue;
            }
            var endpoint = endpoint(name, url);
            if (endpoint.problem() != null) {
                diagnostics.add(Diagnostic.error(at, where, "endpoint " + name + " (" + url + ") " + endpoint.problem()));
                continue;
            }
            String other = ports.put(endpoint.value().port(), name);
            if (other != null) {
                diagnostics.add(Diagnostic.error(at, where, "endpoints " + other + " and " + name + " both use port " + endpoint.value().port()
                        + "; the gate serves each endpoint on its own port"));
                continue;
            }
            exposed.put(name, endpoint.value());
        }
        EgressPolicy.Layout layout = mode == EgressPolicy.Mode.OFF ? null
                : EgressPolicy.Layout.of(d.name(), settings.pool(), slots.getOrDefault(d.name(), 1));
        return new EgressPolicy(mode, allow, exposed, layout);
    }

    record Checked(EgressPolicy.Endpoint value, String problem) {}

    /** An endpoint the gate can relay: plain http on the host's loopback, on a port other than the proxy's. */
    static Checked endpoint(String name, String url) {
        URI u;
        try {
            u = new URI(url);
        } catch (java.net.URISyntaxException e) {
            return new Checked(null, "is not a URL");
        }
        if (!"http".equals(u.getScheme())) return new Checked(null, "is not http://: the gate relays plain TCP to a loopback API");
        String host = u.getHost();
        if (host == null || !(host.equals("localhost") || host.matches("127(\\.[0-9]{1,3}){3}"))) {
            return new Checked(null, "is not on the host's loopback (127.0.0.0/8): a remote API is reached through the proxy; add its host to egress.allow");
        }
        int port = u.getPort() > 0 ? u.getPort() : 80;
        if (port == EgressPolicy.PROXY_PORT) return new Checked(null, "uses port " + port + ", the gate's proxy port");
        String target = host.equals("localhost") ? "127.0.0.1" : host;
        String p = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
        return new Checked(new EgressPolicy.Endpoint(name, target, port, p), null);
    }
}
