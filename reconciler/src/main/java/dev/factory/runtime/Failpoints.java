package dev.factory.runtime;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Named points where a crash test stops this process, to kill it exactly there (etcd's gofail and
 * TiKV's fail-rs do the same): {@code FACTORY_FAILPOINTS=name[,name]}. A process reaching an
 * active point says so on stderr and sleeps until it is killed; it never changes what is written.
 * Unset, as in every real run, a point costs one lookup in an empty set. Only the environment of
 * factory's own process sets it, which whoever starts factory controls anyway.
 */
public final class Failpoints {
    /** Between a replaced file's temp sibling being written and synced, and its rename over the name. */
    public static final String BEFORE_RENAME = "replace-before-rename";

    private static final Set<String> ACTIVE = parse(System.getenv("FACTORY_FAILPOINTS"));

    private Failpoints() {}

    static Set<String> parse(String value) {
        if (value == null) return Set.of();
        return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }

    /** Stops here for good if {@code name} is active; returns at once otherwise. */
    public static void pause(String name) {
        if (!ACTIVE.contains(name)) return;
        System.err.println("failpoint " + name + ": paused in pid " + ProcessHandle.current().pid() + " until killed");
        System.err.flush();
        while (true) {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                // only a kill ends a paused process
            }
        }
    }
}
