package dev.factory.kinds.container;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One entry of a profile's egress allow-list: a host name ({@code registry.npmjs.org}) or every
 * subdomain of one ({@code *.githubusercontent.com}: {@code a.githubusercontent.com} and
 * {@code a.b.githubusercontent.com}, not the bare domain), on one port ({@code github.com:22}) or,
 * with none written, on the web's two (80 and 443). Names only: an address cannot be allowed (a
 * loopback API is an endpoint; nothing else on an address is a destination an allow-list can review).
 */
@dev.factory.engine.KindApi
public record EgressRule(String pattern, Integer port) {
    /** The ports a rule without one allows. */
    public static final List<Integer> WEB_PORTS = List.of(80, 443);
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    /** The rule as written, or why it cannot be one. */
    public static EgressRule parse(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        Integer port = null;
        int colon = s.lastIndexOf(':');
        if (colon >= 0) {
            String p = s.substring(colon + 1);
            if (!p.matches("[0-9]{1,5}") || Integer.parseInt(p) < 1 || Integer.parseInt(p) > 65535) {
                throw new IllegalArgumentException("'" + text + "': the port after ':' must be a number from 1 to 65535");
            }
            port = Integer.parseInt(p);
            s = s.substring(0, colon);
        }
        String host = s.startsWith("*.") ? s.substring(2) : s;
        if (host.isEmpty() || host.contains("*")) {
            throw new IllegalArgumentException("'" + text + "': write a host name, or *. followed by a domain; '*' is allowed only as the first label");
        }
        if (looksLikeAddress(host)) {
            throw new IllegalArgumentException("'" + text + "' is an address: egress is allowed by host name only"
                    + " (an API on the host's loopback is declared in endpoints and listed in egress.endpoints)");
        }
        String[] labels = host.split("\\.", -1);
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) throw new IllegalArgumentException("'" + text + "' is not a host name (label '" + label + "')");
        }
        if (s.startsWith("*.") && labels.length < 2) {
            throw new IllegalArgumentException("'" + text + "' would allow a whole top-level domain; name the domain, e.g. *.example.com");
        }
        return new EgressRule(s, port);
    }

    static boolean looksLikeAddress(String host) {
        return host.matches("[0-9.]+") || host.contains(":") || host.startsWith("[");
    }

    /** Whether this rule lets a connection to {@code host} on {@code port} through. */
    public boolean allows(String host, int port) {
        if (this.port == null ? !WEB_PORTS.contains(port) : this.port != port) return false;
        String h = host.toLowerCase(Locale.ROOT);
        if (pattern.startsWith("*.")) return h.endsWith(pattern.substring(1)) && h.length() > pattern.length() - 1;
        return h.equals(pattern);
    }

    /** The first of {@code rules} that lets the connection through. */
    public static Optional<EgressRule> firstAllowing(List<EgressRule> rules, String host, int port) {
        return rules.stream().filter(r -> r.allows(host, port)).findFirst();
    }

    /** The host part as Squid's {@code dstdom_regex} reads it (case-insensitive, whole name). */
    public String squidRegex() {
        if (pattern.startsWith("*.")) return "^[^/]+" + pattern.substring(1).replace(".", "\\.") + "$";
        return "^" + pattern.replace(".", "\\.") + "$";
    }

    /** The ports this rule allows. */
    public List<Integer> ports() {
        return port == null ? WEB_PORTS : List.of(port);
    }

    @Override
    public String toString() {
        return port == null ? pattern : pattern + ":" + port;
    }
}
