package dev.factory.plan;

import dev.factory.config.Diagnostic;
import java.util.HashMap;
import java.util.Optional;
import java.util.Set;

/**
 * The mass-delete guard (Argo CD's lesson): apply refuses a plan that deletes more than
 * {@code maxDeletions} things, or more than half of what it looked at, unless the operator passes
 * {@code --allow-mass-delete}. Sweeps (what prune rules remove) count by the files they take: a
 * directory of 4,000 files is 4,000 deletes, never one. The half rule weighs everything deleted
 * (managed objects, and the files and worktrees prune rules sweep) against everything looked at
 * (the managed objects planned, plus what each sweeping rule examined: its {@code examined}), so
 * a rule that suddenly matches most of a big root trips it while a janitor's daily share does not.
 * A change that does not say what its rule examined (an older plan file) is left out of the half
 * rule, never out of the count. The half rule needs at least three deletes to trip.
 */
public record BlastRadius(long deletes, int maxDeletions, long halfDeletes, long examined) {
    /** The limit when a config sets none ({@code prune.maxDeletions}). */
    public static final int DEFAULT_MAX_DELETIONS = 50;

    public static BlastRadius of(Plan plan, int maxDeletions, Set<String> sweepKinds) {
        long deletes = 0, halfDeletes = 0, examined = 0;
        var examinedByRule = new HashMap<String, Long>();
        for (Change c : plan.changes()) {
            boolean sweep = sweepKinds.contains(c.address().kind());
            if (sweep) {
                if (c.action() != Action.DELETE) continue;
                var swept = c.after() == null ? new Sweep(null, null, null, null) : Payload.read(c.after(), Sweep.class);
                long files = Math.max(1, swept.files() == null ? 1 : swept.files());
                deletes += files;
                if (swept.examined() == null || swept.examined() < 0) continue;
                long population = swept.examined();
                halfDeletes += files;
                String rule = swept.rule() != null ? swept.rule() : c.address().toString();
                examinedByRule.merge(rule, Math.max(files, population), Math::max);
                continue;
            }
            if (c.action() == Action.DELETE) deletes++;
            if (c.action() == Action.CREATE) continue;
            examined++;
            if (c.action() == Action.DELETE) halfDeletes++;
        }
        for (long population : examinedByRule.values()) examined += population;
        return new BlastRadius(deletes, maxDeletions, halfDeletes, examined);
    }

    public boolean trips() {
        return deletes > maxDeletions || halfDeletes > 2 && halfDeletes * 2 > examined;
    }

    private boolean near() {
        return deletes * 5 >= maxDeletions * 4L || halfDeletes > 2 && halfDeletes * 5 >= examined * 2;
    }

    public String describe() {
        return deletes + " deletes (limit prune.maxDeletions " + maxDeletions + "); " + halfDeletes + " of " + examined
                + " managed objects and swept files deleted (limit: half)";
    }

    public Optional<Diagnostic> diagnostic() {
        if (trips()) {
            return Optional.of(Diagnostic.warning(null, "prune.maxDeletions", "mass delete: " + describe()
                    + "; apply refuses this plan unless --allow-mass-delete"));
        }
        return near() ? Optional.of(Diagnostic.note(null, "prune.maxDeletions", "near the mass-delete guard: " + describe())) : Optional.empty();
    }

}
