package dev.factory.doctor;

import dev.factory.engine.port.ContainerEngine;
import dev.factory.kinds.container.EgressPolicy;
import dev.factory.kinds.container.EgressRule;
import dev.factory.kinds.container.OneShot;
import dev.factory.kinds.container.ProfileSpec;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A profile's egress, proved from inside its container: an allowed host answers through the
 * proxy, a host off the list is refused, the cloud metadata address is refused, and a direct
 * connection (around the proxy) fails. A profile that declares no egress is shown open.
 */
final class EgressChecks {
    static final Duration TIMEOUT = Duration.ofSeconds(20);
    /** A name no allow-list holds and no resolver answers: the proxy refuses it by rule, before any lookup matters. */
    static final String OFF_LIST = "denied.factory-egress.invalid";
    static final String METADATA = "169.254.169.254";
    /** Where a direct connection is tried when the list names no concrete host: a documentation address (RFC 5737). */
    static final String NOWHERE = "203.0.113.1";

    private EgressChecks() {}

    /** The line for a profile whose egress is not enforced (it needs no container). */
    static Optional<Check> open(ProfileSpec profile) {
        if (profile.egressEnforced()) return Optional.empty();
        if (profile.network().equals("none")) return Optional.of(Check.ok(profile.name(), "egress", "network none: nothing leaves the container"));
        boolean off = profile.egress() != null && profile.egress().mode() == EgressPolicy.Mode.OFF;
        return Optional.of(Check.unknown(profile.name(), "egress", "open: " + (off ? "egress.mode is off" : "no egress declared")
                + ", so anything network " + profile.network() + " reaches is reachable; profiles." + profile.name() + ".egress restricts it"));
    }

    /** How many listed hosts are tried before the way out is called broken. */
    static final int TRIES = 4;

    /** The allow-list entries that name one host (no wildcard), each with the port to try, in list order. */
    static List<String[]> concrete(EgressPolicy policy) {
        var out = new java.util.ArrayList<String[]>();
        for (EgressRule r : policy.allow()) {
            if (!r.pattern().startsWith("*.")) out.add(new String[] {r.pattern(), String.valueOf(r.port() == null ? 443 : r.port())});
        }
        return out;
    }

    static void inContainer(OneShot.Container probe, ProfileSpec profile, List<Check> checks) {
        String p = profile.name();
        EgressPolicy policy = profile.egress();
        boolean audit = policy.mode() == EgressPolicy.Mode.AUDIT;
        var targets = concrete(policy);
        if (targets.isEmpty()) {
            checks.add(Check.unknown(p, "egress allowed", "the allow-list names no single host to try (only *. patterns)"));
        } else {
            // the first listed host that answers proves the way out; one that does not may just be down, so a few are tried
            String first = null;
            Check verdict = null;
            for (String[] t : targets.subList(0, Math.min(TRIES, targets.size()))) {
                String host = t[0], port = t[1];
                String line = status(sh(probe, connectScript(host, port)));
                if (line.contains(" 200")) {
                    verdict = Check.ok(p, "egress allowed", host + ":" + port + " answers through the proxy");
                    break;
                }
                if (line.isEmpty()) {
                    verdict = Check.deaf(p, "egress allowed", "the proxy does not answer at " + EgressPolicy.GATE_HOST + ":"
                            + EgressPolicy.PROXY_PORT + ": nothing gets out; run factory apply (egress/" + p + ")");
                    break;
                }
                if (line.contains(" 403")) {
                    verdict = Check.deaf(p, "egress allowed", "the proxy refused " + host + ":" + port
                            + ", which the allow-list names: its configuration is stale; run factory apply (egress/" + p + ")");
                    break;
                }
                if (first == null) first = host + ":" + port + " (" + line.strip() + ")";
            }
            checks.add(verdict != null ? verdict : Check.deaf(p, "egress allowed", "no listed host answered through the proxy, first "
                    + first + ": their names do not resolve on the host, or they are down"));
        }
        String denied = status(sh(probe, connectScript(OFF_LIST, "443")));
        if (audit) {
            checks.add(denied.contains(" 403") ? Check.deaf(p, "egress denied", "audit mode, yet a host off the list was refused: run factory apply (egress/" + p + ")")
                    : Check.ok(p, "egress denied", "audit mode: a host off the list is let through and recorded"));
        } else if (denied.contains(" 403")) {
            checks.add(Check.ok(p, "egress denied", "a host off the list is refused (403)"));
        } else if (denied.isEmpty()) {
            checks.add(Check.deaf(p, "egress denied", "the proxy does not answer: nothing gets out; run factory apply (egress/" + p + ")"));
        } else {
            checks.add(Check.deaf(p, "egress denied", "egress open: the proxy let a host off the list through (" + denied.strip() + ")"));
        }
        String metadata = status(sh(probe, connectScript(METADATA, "80")));
        checks.add(metadata.contains(" 403") ? Check.ok(p, "egress private", METADATA + " (cloud metadata) is refused (403)")
                : metadata.isEmpty() ? Check.deaf(p, "egress private", "the proxy does not answer; run factory apply (egress/" + p + ")")
                : Check.deaf(p, "egress private", "egress open: the proxy let " + METADATA + " through (" + metadata.strip() + ")"));
        String directHost = targets.isEmpty() ? NOWHERE : targets.get(0)[0], directPort = targets.isEmpty() ? "443" : targets.get(0)[1];
        var direct = sh(probe, directScript(directHost, directPort));
        checks.add(direct.output().contains("connected")
                ? Check.deaf(p, "egress direct", "egress open: a direct connection to " + directHost + ":" + directPort + " bypassed the proxy")
                : Check.ok(p, "egress direct", "a direct connection to " + directHost + ":" + directPort + " fails"));
    }

    /** The first line the proxy answers a CONNECT with, through the gate (nc, else bash's /dev/tcp). */
    static String connectScript(String host, String port) {
        String request = "CONNECT " + host + ":" + port + " HTTP/1.1\\r\\nHost: " + host + ":" + port + "\\r\\n\\r\\n";
        String gate = EgressPolicy.GATE_HOST, proxyPort = String.valueOf(EgressPolicy.PROXY_PORT);
        return "if command -v nc >/dev/null 2>&1; then (printf '" + request + "'; sleep 2) | nc -w 5 " + gate + " " + proxyPort + " | head -n 1; "
                + "elif command -v bash >/dev/null 2>&1; then bash -c 'exec 3<>/dev/tcp/" + gate + "/" + proxyPort + " || exit 0; printf \"" + request
                + "\" >&3; timeout 5 head -n 1 <&3'; fi";
    }

    /** Prints "connected" when a direct TCP connection succeeds. */
    static String directScript(String host, String port) {
        return "if command -v nc >/dev/null 2>&1; then nc -w 3 " + host + " " + port + " </dev/null >/dev/null 2>&1 && echo connected; "
                + "elif command -v bash >/dev/null 2>&1; then timeout 4 bash -c 'exec 3<>/dev/tcp/" + host + "/" + port + "' >/dev/null 2>&1 && echo connected; fi; true";
    }

    private static String status(ContainerEngine.ExecResult r) {
        return r.output().lines().filter(l -> l.startsWith("HTTP/")).findFirst().orElse("");
    }

    private static ContainerEngine.ExecResult sh(OneShot.Container probe, String script) {
        return AgentChecks.sh(probe, script, TIMEOUT);
    }
}
