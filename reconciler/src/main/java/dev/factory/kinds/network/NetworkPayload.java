package dev.factory.kinds.network;

/** A network in a plan: its driver and whether it is internal; a delete names the live {@code id}. */
record NetworkPayload(String id, String driver, Boolean internal) {
    static NetworkPayload of(String driver, boolean internal) {
        return new NetworkPayload(null, driver, internal);
    }
}
