package dev.factory.kinds.egress;

import dev.factory.kinds.container.EgressPolicy;
import dev.factory.kinds.container.EgressRule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a profile's containers reached, from its proxy's access log: each destination with how
 * often it was asked for, when last, how often the proxy refused it, and whether the profile's
 * allow-list lets it through. In audit mode that last column is the draft of the list.
 */
@dev.factory.engine.KindApi
public final class EgressAudit {
    private EgressAudit() {}

    /** One host and port asked for. {@code listed}: the allow-list lets it through (its first rule that does, else null). */
    public record Destination(String host, int port, int requests, int refused, Instant lastSeen, String listed) {
        public boolean offList() {
            return listed == null;
        }
    }

    /** A profile's destinations, most asked for first. */
    public record Profile(String profile, String mode, List<Destination> destinations, String problem) {
        public long offList() {
            return destinations.stream().filter(Destination::offList).count();
        }
    }

    /**
     * Reads log lines written with the proxy's {@code factory} format
     * ({@code SECONDS.MILLIS METHOD HOST PORT STATUS RESULT}); other lines are skipped.
     */
    public static Profile summarise(String profile, EgressPolicy policy, String log) {
        var byDestination = new LinkedHashMap<String, int[]>();
        var last = new java.util.HashMap<String, Instant>();
        for (String line : log.split("\n")) {
            String[] f = line.strip().split(" ");
            if (f.length != 6 || !f[3].matches("[0-9]{1,5}") || !f[0].matches("[0-9]+\\.[0-9]+")) continue;
            String host = f[2].toLowerCase(java.util.Locale.ROOT);
            if (host.isEmpty() || host.equals("-") || host.endsWith(".invalid")) continue;   // doctor's probe of a refused name (RFC 2606: never real)
            String key = host + ":" + f[3];
            int[] counts = byDestination.computeIfAbsent(key, k -> new int[2]);
            counts[0]++;
            if (f[5].startsWith("TCP_DENIED") || f[4].equals("403")) counts[1]++;
            String[] seconds = f[0].split("\\.");
            var at = Instant.ofEpochSecond(Long.parseLong(seconds[0]), Long.parseLong((seconds[1] + "000").substring(0, 3)) * 1_000_000L);
            last.merge(key, at, (a, b) -> a.isAfter(b) ? a : b);
        }
        var out = new ArrayList<Destination>();
        for (Map.Entry<String, int[]> e : byDestination.entrySet()) {
            int colon = e.getKey().lastIndexOf(':');
            String host = e.getKey().substring(0, colon);
            int port = Integer.parseInt(e.getKey().substring(colon + 1));
            String listed = EgressRule.firstAllowing(policy.allow(), host, port).map(EgressRule::toString)
                    .or(() -> host.equals(EgressPolicy.GATE_HOST) ? policy.endpoints().values().stream().filter(x -> x.port() == port)
                            .map(x -> "endpoint " + x.name()).findFirst() : java.util.Optional.empty())
                    .orElse(null);
            out.add(new Destination(host, port, e.getValue()[0], e.getValue()[1], last.get(e.getKey()), listed));
        }
        out.sort(Comparator.comparingInt(Destination::requests).reversed().thenComparing(Destination::host).thenComparingInt(Destination::port));
        return new Profile(profile, policy.mode().word(), List.copyOf(out), null);
    }

    /** A profile whose log could not be read, and why. */
    public static Profile unreadable(String profile, EgressPolicy policy, String why) {
        return new Profile(profile, policy.mode().word(), List.of(), why);
    }
}
