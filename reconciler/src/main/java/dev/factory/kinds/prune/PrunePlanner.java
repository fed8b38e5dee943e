package dev.factory.kinds.prune;

import dev.factory.config.ByteSize;
import dev.factory.config.Diagnostic;
import dev.factory.config.SourceLocation;
import dev.factory.plan.Action;
import dev.factory.plan.Change;
import dev.factory.plan.KindPlan;
import dev.factory.plan.Sweep;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The pure prune diff: every due candidate becomes a planned delete showing the bytes it frees.
 * Above the disk guard's high mark, candidates that only lack age are taken oldest first until
 * the disk is projected below the low mark (kubelet image GC's rule).
 */
public final class PrunePlanner {
    private PrunePlanner() {}

    public static KindPlan plan(List<Candidate> candidates, DiskUsage usage, PruneSpec.DiskSpec disk, List<Change> extra, List<Diagnostic> notes) {
        var changes = new ArrayList<Change>();
        var diagnostics = new ArrayList<>(notes);
        var observed = new TreeMap<String, String>();
        long freed = 0;
        for (Candidate c : candidates) {
            if (!c.due()) continue;
            changes.add(delete(c, c.why()));
            observed.put(c.address().toString(), c.bytes() + "@" + c.time());
            freed += c.bytes();
        }
        if (usage != null) {
            String at = String.format(Locale.ROOT, "disk %s at %.0f%% (%s used of %s)", usage.path(), usage.percent(),
                    ByteSize.human(usage.used()), ByteSize.human(usage.total()));
            if (disk.highPercent() != null && usage.percent() > disk.highPercent()) {
                long target = (long) (usage.total() * disk.lowPercent() / 100.0);
                long projected = usage.used() - freed;
                var early = candidates.stream().filter(c -> !c.due()).sorted(Comparator.comparing(Candidate::time)).toList();
                for (Candidate c : early) {
                    if (projected <= target) break;
                    changes.add(delete(c, c.why() + "; taken early: " + at + " is above " + disk.highPercent()
                            + "%, pruning oldest first to get below " + disk.lowPercent() + "%"));
                    observed.put(c.address().toString(), c.bytes() + "@" + c.time());
                    projected -= c.bytes();
                    freed += c.bytes();
                }
            }
            String summary = at + (freed > 0 ? "; this plan's prune frees " + ByteSize.human(freed) : "");
            var where = SourceLocation.of(usage.path());
            diagnostics.add(usage.percent() >= disk.alertAtPercent()
                    ? Diagnostic.warning(where, "host.disk", summary + "; at or above the " + disk.alertAtPercent() + "% alert")
                    : Diagnostic.note(where, "host.disk", summary));
        }
        changes.addAll(extra);
        return new KindPlan(changes, diagnostics, observed);
    }

    private static Change delete(Candidate c, String reason) {
        var after = new Sweep(c.bytes(), c.files(), c.rule(), c.examined());
        String files = c.files() > 1 ? ", " + c.files() + " files" : "";
        return Change.of(c.address(), Action.DELETE, reason + " (frees " + ByteSize.human(c.bytes()) + files + ")", c.before(), after, List.of());
    }
}
