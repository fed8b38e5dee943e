package dev.factory.kinds.container;

import java.util.Map;

/**
 * The top-level {@code egress:} block: the image the proxy and gates run, the /16 pool their
 * networks are cut from, and names the proxy resolves itself ({@code hosts}: a split-horizon
 * name, or a test's stand-in on the host's loopback).
 */
@dev.factory.engine.KindApi
public record EgressSettings(String image, String pool, Map<String, String> hosts) {
    public static final String DEFAULT_IMAGE = "egress-proxy";
    public static final String DEFAULT_POOL = "10.203.0.0/16";
    public static final EgressSettings DEFAULTS = new EgressSettings(DEFAULT_IMAGE, DEFAULT_POOL, Map.of());

    public EgressSettings {
        hosts = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(hosts));
    }
}
