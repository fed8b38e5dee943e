package dev.factory.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Compares a saved plan with one made now from the same config: a saved plan may be applied only
 * when it would do exactly the same thing to exactly the same observed objects.
 */
public final class StalePlan {
    private StalePlan() {}

    /** What moved since {@code saved} was made, one line per address; empty when it is still exact. */
    public static List<String> differences(Plan saved, Plan now) {
        var out = new ArrayList<String>();
        if (saved.configRevision() != null && !saved.configRevision().equals(now.configRevision())) {
            out.add("the config moved from commit " + saved.configRevision().substring(0, 12) + " to "
                    + (now.configRevision() == null ? "no commit" : now.configRevision().substring(0, 12)));
        }
        Map<Address, Change> before = byAddress(saved);
        Map<Address, Change> after = byAddress(now);
        var addresses = new TreeSet<Address>();
        addresses.addAll(before.keySet());
        addresses.addAll(after.keySet());
        for (Address a : addresses) {
            Change was = before.get(a);
            Change is = after.get(a);
            String wasAction = was == null ? "nothing" : was.action().word();
            String isAction = is == null ? "nothing" : is.action().word();
            if (!wasAction.equals(isAction)) {
                out.add(a + ": planned " + wasAction + ", now " + isAction);
            } else if (was != null && was.action().mutates() && !Objects.equals(was.after(), is.after())) {
                out.add(a + ": the desired state changed since the plan was made");
            }
        }
        var observedKeys = new TreeSet<String>();
        observedKeys.addAll(saved.observed().keySet());
        observedKeys.addAll(now.observed().keySet());
        for (String key : observedKeys) {
            String was = saved.observed().getOrDefault(key, "absent");
            String is = now.observed().getOrDefault(key, "absent");
            if (!was.equals(is)) out.add(key + ": live state changed (" + abbreviate(was) + " -> " + abbreviate(is) + ")");
        }
        return out;
    }

    private static Map<Address, Change> byAddress(Plan plan) {
        var map = new LinkedHashMap<Address, Change>();
        plan.changes().forEach(c -> map.put(c.address(), c));
        return map;
    }

    private static String abbreviate(String fingerprint) {
        return fingerprint.length() > 19 && fingerprint.startsWith("sha256:") ? fingerprint.substring(0, 19) : fingerprint;
    }
}
