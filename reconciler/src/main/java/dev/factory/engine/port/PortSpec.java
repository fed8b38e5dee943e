package dev.factory.engine.port;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One published port: {@code hostIp:hostPort} on the host to {@code containerPort/protocol}
 * inside. {@code hostPort} 0 lets the engine choose. Read from compose's short syntax, where a
 * port with no address is bound to 127.0.0.1 (compose binds it to every interface).
 */
public record PortSpec(String hostIp, int hostPort, int containerPort, String protocol) {
    public static final String LOOPBACK = "127.0.0.1";
    private static final Pattern SHORT = Pattern.compile(
            "^(?:(?<ip>\\[[0-9a-fA-F:.]+\\]|\\d{1,3}(?:\\.\\d{1,3}){3}):)?(?:(?<host>\\d+(?:-\\d+)?)?:)?(?<container>\\d+(?:-\\d+)?)(?:/(?<proto>tcp|udp|sctp))?$");

    /** As written back in compose's short syntax: {@code 127.0.0.1:4001:4001/tcp}. */
    @Override
    public String toString() {
        String ip = hostIp.contains(":") ? "[" + hostIp + "]" : hostIp;
        return ip + ":" + (hostPort == 0 ? "" : hostPort) + ":" + containerPort + "/" + protocol;
    }

    /** Whether the port is published on every interface of the host, not one address. */
    public boolean everyInterface() {
        return hostIp.equals("0.0.0.0") || hostIp.equals("::");
    }

    /**
     * The ports one entry of compose's short syntax publishes: {@code 3000}, {@code 4001:4001},
     * {@code 127.0.0.1:4001:4001}, {@code 3000-3010:3000-3010}, {@code [::1]:8080:80/udp}.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static List<PortSpec> parse(String entry) {
        var m = SHORT.matcher(entry.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + entry + "' is not a port in compose's short syntax ([ADDRESS:][HOST:]CONTAINER[/PROTOCOL],"
                    + " each port or range like 3000-3010)");
        }
        String ip = m.group("ip") == null ? LOOPBACK : m.group("ip").replaceAll("^\\[|\\]$", "");
        int[] inside = range(m.group("container"), entry);
        int[] outside = m.group("host") == null ? null : range(m.group("host"), entry);
        if (outside != null && outside[1] - outside[0] != inside[1] - inside[0]) {
            throw new IllegalArgumentException("'" + entry + "' maps " + (outside[1] - outside[0] + 1) + " host ports to " + (inside[1] - inside[0] + 1)
                    + " container ports; the ranges must be as long");
        }
        if (outside == null && inside[0] != inside[1]) {
            throw new IllegalArgumentException("'" + entry + "' publishes a range on ports the engine would choose; write the host range too");
        }
        String protocol = m.group("proto") == null ? "tcp" : m.group("proto");
        var out = new ArrayList<PortSpec>();
        for (int i = 0; i <= inside[1] - inside[0]; i++) {
            out.add(new PortSpec(ip, outside == null ? 0 : outside[0] + i, inside[0] + i, protocol));
        }
        return out;
    }

    private static int[] range(String text, String entry) {
        String[] parts = text.split("-");
        int from = port(parts[0], entry);
        int to = parts.length == 1 ? from : port(parts[1], entry);
        if (to < from) throw new IllegalArgumentException("'" + entry + "' has a range that ends before it starts (" + text + ")");
        return new int[] {from, to};
    }

    private static int port(String text, String entry) {
        int port;
        try {
            port = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) throw new IllegalArgumentException("'" + entry + "' names port " + text + ", outside 1-65535");
        return port;
    }
}
