package dev.factory.plan;

import java.util.List;
import java.util.Map;

/**
 * One planned change. {@code reason} is for people only: apply never branches on it.
 * {@code before}/{@code after} are small JSON-able maps of the fields that matter, never secrets.
 */
public record Change(Address address, Action action, String reason,
                     Map<String, Object> before, Map<String, Object> after, List<Address> dependsOn) {

    /** A change whose before and after are a kind's payload records (see {@link Payload}). */
    public static Change of(Address address, Action action, String reason, Record before, Record after, List<Address> dependsOn) {
        return new Change(address, action, reason, Payload.of(before), Payload.of(after), dependsOn);
    }

    public Change {
        before = before == null ? null : Map.copyOf(before);
        after = after == null ? null : Map.copyOf(after);
        dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
    }

    /** This change without its before and after (what a status page shows of it: address, action, reason). */
    public Change withoutPayloads() {
        return before == null && after == null && dependsOn.isEmpty() ? this : new Change(address, action, reason, null, null, List.of());
    }
}
