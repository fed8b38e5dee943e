package dev.factory.kinds.egress;

import dev.factory.kinds.container.EgressPolicy;
import dev.factory.kinds.container.EgressRule;
import dev.factory.kinds.container.EgressSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The files a profile's proxy and gate read (mounted read-only at {@code /etc/factory-egress}):
 * Squid's configuration, the names the proxy resolves itself, and the relay tables of
 * {@code images/egress-proxy/factory-egress}. Pure: the same policy renders the same bytes.
 */
public final class SquidConfig {
    /** Destinations refused in every mode, after the name is resolved: private, shared, link-local (the cloud metadata address) and unspecified ranges. */
    static final List<String> PRIVATE = List.of("0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24",
            "192.168.0.0/16", "198.18.0.0/15", "224.0.0.0/4", "240.0.0.0/4", "fc00::/7", "fe80::/10", "::/128");
    static final String LOG = "/run/factory-egress/access.log";
    static final String PROXY_SOCKET = "proxy";

    private SquidConfig() {}

    /** File name -> content, for the profile {@code profile}. */
    public static Map<String, String> files(String profile, EgressPolicy policy, EgressSettings settings) {
        var out = new TreeMap<String, String>();
        out.put("squid.conf", squid(profile, policy, settings));
        out.put("hosts", hosts(policy, settings));
        out.put("relays", relays(policy));
        out.put("listens", listens(policy));
        return out;
    }

    static String squid(String profile, EgressPolicy policy, EgressSettings settings) {
        var c = new StringBuilder();
        c.append("# profile ").append(profile).append(", egress mode ").append(policy.mode().word())
                .append(": rendered by factory, rewritten by every apply (docs/security.md \"Egress\")\n");
        c.append("http_port ").append(policy.layout().proxyListen()).append('\n');
        c.append("""
                pinger_enable off
                pid_filename /run/factory-egress/squid.pid
                cache deny all
                cache_mem 0 MB
                coredump_dir /tmp
                shutdown_lifetime 1 seconds
                via off
                forwarded_for delete
                httpd_suppress_version_string on
                logfile_rotate 1
                cache_log stdio:/dev/stderr
                logformat factory %ts.%03tu %rm %>rd %>rP %>Hs %Ss
                """);
        c.append("access_log stdio:").append(LOG).append(" factory\n");
        c.append("hosts_file /etc/factory-egress/hosts\n");
        c.append("acl private dst ").append(String.join(" ", PRIVATE)).append('\n');
        c.append("acl loopback dst 127.0.0.0/8 ::1\n");
        // -n: a name acl never matches an address by looking its name up (hosts maps a stand-in to 127.0.0.1 both ways)
        if (!settings.hosts().isEmpty()) c.append("acl mapped dstdomain -n ").append(String.join(" ", settings.hosts().keySet())).append('\n');
        var rules = new ArrayList<String>();
        for (int i = 0; i < policy.allow().size(); i++) {
            EgressRule r = policy.allow().get(i);
            String name = "allow" + (i + 1);
            c.append("acl ").append(name).append(" dstdom_regex -n -i ").append(r.squidRegex()).append("  # ").append(r).append('\n');
            c.append("acl ").append(name).append("_port port ").append(String.join(" ", r.ports().stream().map(String::valueOf).toList())).append('\n');
            rules.add(name);
        }
        // an endpoint asked for through the proxy (a tool that ignores NO_PROXY): the gate's name leads to the same loopback port
        var proxied = policy.endpoints().values().stream().filter(e -> e.host().equals("127.0.0.1")).toList();
        if (!proxied.isEmpty()) {
            c.append("acl gate dstdomain -n ").append(EgressPolicy.GATE_HOST).append('\n');
            c.append("acl endpoint_port port ").append(String.join(" ", proxied.stream().map(e -> String.valueOf(e.port())).toList())).append('\n');
        }
        c.append("http_access deny private\n");
        if (!proxied.isEmpty()) c.append("http_access allow gate endpoint_port\n");
        c.append(settings.hosts().isEmpty() ? "http_access deny loopback\n" : "http_access deny loopback !mapped\n");
        if (policy.mode() == EgressPolicy.Mode.AUDIT) {
            c.append("http_access allow all\n");
        } else {
            rules.forEach(n -> c.append("http_access allow ").append(n).append(' ').append(n).append("_port\n"));
            c.append("http_access deny all\n");
        }
        return c.toString();
    }

    static String hosts(EgressPolicy policy, EgressSettings settings) {
        var c = new StringBuilder("# names the proxy resolves itself (egress.hosts, and the gate's name for the endpoints)\n");
        if (policy.endpoints().values().stream().anyMatch(e -> e.host().equals("127.0.0.1"))) c.append("127.0.0.1 ").append(EgressPolicy.GATE_HOST).append('\n');
        settings.hosts().forEach((name, address) -> c.append(address).append(' ').append(name).append('\n'));
        return c.toString();
    }

    /** The proxy's side: each socket, and what it connects to on the host's loopback. */
    static String relays(EgressPolicy policy) {
        var c = new StringBuilder(PROXY_SOCKET + " " + policy.layout().proxyListen() + "\n");
        policy.endpoints().values().forEach(e -> c.append("endpoint-").append(e.name()).append(' ').append(e.host()).append(':').append(e.port()).append('\n'));
        return c.toString();
    }

    /** The gate's side: each port it listens on, and the socket it relays to. */
    static String listens(EgressPolicy policy) {
        var c = new StringBuilder(PROXY_SOCKET + " " + EgressPolicy.PROXY_PORT + "\n");
        policy.endpoints().values().forEach(e -> c.append("endpoint-").append(e.name()).append(' ').append(e.port()).append('\n'));
        return c.toString();
    }
}
