package dev.factory.kinds.egress;

import dev.factory.kinds.container.EgressRule;

import java.util.List;

/**
 * A profile's egress in a plan. After: its mode, the allow-list and endpoints a reviewer reads,
 * where it lives, and the hashes its network and containers will carry. Before: the hashes they
 * carry now (a delete names only what it removes).
 */
record EgressPayload(String mode, List<String> allow, List<String> endpoints, String network, String subnet, String proxy, String gate) {
    static EgressPayload live(String network, String proxy, String gate) {
        return new EgressPayload(null, null, null, network, null, proxy, gate);
    }
}
