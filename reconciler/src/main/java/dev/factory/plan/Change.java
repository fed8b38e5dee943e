package dev.factory.plan;

import java.util.List;
import java.util.Map;

/**
 * One planned change. {@code reason} is for people only: apply never branches on it.
 * {@code before}/{@code after} are small JSON-able maps of the fields that matter, never secrets.
 */
public record Change(Address address, Action action, String reason,
                     Map<String, Object> before, Map<String, Object> after, List<Address> dependsOn) {

    public Change {
        before = before == null ? null : Map.copyOf(before);
        after = after == null ? null : Map.copyOf(after);
        dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
    }
}
