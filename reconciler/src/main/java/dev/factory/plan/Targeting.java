package dev.factory.plan;

import dev.factory.config.Diagnostic;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --target} and {@code --exclude}, as Terraform and OpenTofu have them: a target keeps its
 * change and every change it depends on; an exclude drops its change and every change that
 * depends on it. A pattern is an address ({@code container/web}) or ends in {@code *} to match a
 * prefix ({@code image/*}, {@code file/codex-*}). The result is a partial plan and says so.
 */
public record Targeting(List<String> targets, List<String> excludes) {
    public static final Targeting ALL = new Targeting(List.of(), List.of());

    public Targeting {
        targets = targets == null ? List.of() : List.copyOf(targets);
        excludes = excludes == null ? List.of() : List.copyOf(excludes);
    }

    public boolean partial() {
        return !targets.isEmpty() || !excludes.isEmpty();
    }

    static boolean matches(String pattern, Address address) {
        String a = address.toString();
        return pattern.endsWith("*") ? a.startsWith(pattern.substring(0, pattern.length() - 1)) : a.equals(pattern);
    }

    /** The plan with only the selected changes, a warning saying it is partial, and one per pattern that matched nothing. */
    public Plan select(Plan plan) {
        if (!partial()) return plan;
        Map<Address, Change> byAddress = new HashMap<>();
        plan.changes().forEach(c -> byAddress.put(c.address(), c));
        var warnings = new ArrayList<Diagnostic>();
        Set<Address> keep = new LinkedHashSet<>();
        if (targets.isEmpty()) {
            keep.addAll(byAddress.keySet());
        } else {
            var queue = new ArrayDeque<Address>();
            for (String t : targets) {
                var hits = byAddress.keySet().stream().filter(a -> matches(t, a)).toList();
                if (hits.isEmpty()) warnings.add(Diagnostic.warning(null, null, "--target " + t + " matches no object in the plan"));
                queue.addAll(hits);
            }
            while (!queue.isEmpty()) {
                Address a = queue.poll();
                if (!keep.add(a)) continue;
                for (Address dep : byAddress.get(a).dependsOn()) if (byAddress.containsKey(dep)) queue.add(dep);
            }
        }
        Set<Address> dropped = new HashSet<>();
        for (String x : excludes) {
            var hits = byAddress.keySet().stream().filter(a -> matches(x, a)).toList();
            if (hits.isEmpty()) warnings.add(Diagnostic.warning(null, null, "--exclude " + x + " matches no object in the plan"));
            dropped.addAll(hits);
        }
        boolean grew = !dropped.isEmpty();
        while (grew) {   // whatever depends on a dropped change is dropped too
            grew = false;
            for (Change c : plan.changes()) {
                if (!dropped.contains(c.address()) && c.dependsOn().stream().anyMatch(dropped::contains)) grew |= dropped.add(c.address());
            }
        }
        var kept = plan.changes().stream().filter(c -> keep.contains(c.address()) && !dropped.contains(c.address())).toList();
        int left = plan.changes().size() - kept.size();
        warnings.add(0, Diagnostic.warning(null, null, "partial plan: " + describe() + " left " + left + " of " + plan.changes().size()
                + " objects out").withDetail("the host may differ from the config until a plan without --target/--exclude is applied"));
        var all = new ArrayList<>(plan.diagnostics());
        all.addAll(warnings);
        return new Plan(plan.formatVersion(), plan.configDir(), plan.configRevision(), plan.configSubject(), plan.createdAt(),
                kept, all, plan.observed(), plan.foreign(), this);
    }

    private String describe() {
        var parts = new ArrayList<String>();
        targets.forEach(t -> parts.add("--target " + t));
        excludes.forEach(x -> parts.add("--exclude " + x));
        return String.join(" ", parts);
    }
}
