package dev.factory.kinds.container;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A profile's egress, as read: its mode, its allow-list, the loopback endpoints it may reach, and
 * where its enforcement lives (the {@link Layout}). With {@link Mode#OFF} the profile's network is
 * as declared and nothing below applies.
 */
@dev.factory.engine.KindApi
public record EgressPolicy(Mode mode, List<EgressRule> allow, Map<String, Endpoint> endpoints, Layout layout) {
    /** The name the gate answers to inside the profile's containers. */
    public static final String GATE_HOST = "factory-egress";
    /** How every Docker object of a profile's egress is named: this, then the profile's name. */
    public static final String NAME_PREFIX = "factory-egress-";
    /** The port the gate relays to the proxy. */
    public static final int PROXY_PORT = 3128;

    public EgressPolicy {
        allow = List.copyOf(allow);
        endpoints = java.util.Collections.unmodifiableMap(new TreeMap<>(endpoints));
    }

    public enum Mode {
        /** Only the allow-list gets out. */
        ENFORCE,
        /** Everything but private addresses gets out, and every destination is recorded. */
        AUDIT,
        /** The profile's network as declared: open. */
        OFF;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Mode parse(String text) {
            return valueOf(text.toUpperCase(Locale.ROOT));
        }
    }

    /** A loopback API the profile reaches through its gate: {@code host:port} on the host, the same port on the gate. */
    public record Endpoint(String name, String host, int port, String path) {
        /** Where the profile's containers reach it. */
        public String insideUrl() {
            return "http://" + GATE_HOST + ":" + port + path;
        }

        /** The environment variable that carries {@link #insideUrl()}. */
        public String variable() {
            return "FACTORY_ENDPOINT_" + name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
        }
    }

    /**
     * Where a profile's enforcement lives: its slot in the pool (one /24 per profile), the internal
     * network its containers join, the gate's address on it, and where on the host's loopback its
     * proxy listens: an address of its own in 127.0.0.0/8 made of the pool and the slot, so two
     * configs on one host (with different pools, as their networks need anyway) never share a port.
     */
    public record Layout(int slot, String network, String subnet, String gateAddress, String proxyAddress) {
        /** Slot {@code slot} of the /16 {@code pool} (e.g. 10.203.0.0/16). */
        public static Layout of(String profile, String pool, int slot) {
            String[] octets = pool.substring(0, pool.indexOf('/')).split("\\.");
            String prefix = octets[0] + "." + octets[1] + "." + slot + ".";
            return new Layout(slot, NAME_PREFIX + profile, prefix + "0/24", prefix + "2",
                    "127." + octets[1] + "." + slot + "." + Math.max(1, Math.min(254, Integer.parseInt(octets[0]))));
        }

        /** The port Squid listens on at {@link #proxyAddress}: not 3128, which a host's own proxy may hold on every address. */
        public static final int HOST_PORT = 31280;

        /** Where Squid listens. */
        public String proxyListen() {
            return proxyAddress + ":" + HOST_PORT;
        }

        public String proxyContainer() {
            return network + "-proxy";
        }

        public String gateContainer() {
            return network + "-gate";
        }

        /** The volume the two share: the relay sockets and the access log. */
        public String volume() {
            return network;
        }
    }

    public boolean enforced() {
        return mode != Mode.OFF;
    }

    /** What the profile's containers get in their environment: where the proxy is, and each endpoint. */
    public Map<String, String> environment() {
        var env = new LinkedHashMap<String, String>();
        if (!enforced()) return env;
        String proxy = "http://" + GATE_HOST + ":" + PROXY_PORT;
        for (String v : List.of("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy")) env.put(v, proxy);
        env.put("NO_PROXY", GATE_HOST);
        env.put("no_proxy", GATE_HOST);
        env.put("NODE_USE_ENV_PROXY", "1");   // node's own fetch honours the variables only when asked to
        // ...and then warns on every start that the agent doing it is experimental (codex --version's first line, every tool's stderr)
        env.put("NODE_OPTIONS", NODE_QUIET);
        env.put("FACTORY_EGRESS", mode.word());
        endpoints.values().forEach(e -> env.put(e.variable(), e.insideUrl()));
        return env;
    }

    /** Keeps node from warning, on every start, that its proxy support is experimental. Added to a profile's own NODE_OPTIONS. */
    public static final String NODE_QUIET = "--disable-warning=UNDICI-EHPA";

    /** The variables {@link #environment()} sets: a profile may not set them itself (NODE_OPTIONS it may: egress adds to it). */
    public static final List<String> RESERVED_VARIABLES = List.of("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "NO_PROXY", "no_proxy",
            "ALL_PROXY", "all_proxy", "NODE_USE_ENV_PROXY", "FACTORY_EGRESS");

    /** The slot each profile gets: from a hash of its name, the next free one on a collision (in name order), so adding a profile moves no other. */
    public static Map<String, Integer> slots(java.util.Collection<String> profiles) {
        var taken = new java.util.HashSet<Integer>();
        var out = new TreeMap<String, Integer>();
        for (String p : new java.util.TreeSet<>(profiles)) {
            var crc = new java.util.zip.CRC32();
            crc.update(p.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            int slot = (int) (crc.getValue() % 250) + 1;   // 1..250: .0 and the top of the pool stay free
            while (!taken.add(slot)) slot = slot % 250 + 1;
            out.put(p, slot);
        }
        return out;
    }
}
