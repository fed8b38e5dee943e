package dev.factory.plan;

import dev.factory.config.Diagnostic;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The mass-delete guard (Argo CD's lesson): apply refuses a plan that deletes more than
 * {@code maxDeletions} objects, or more than half of the managed objects it knows, unless the
 * operator passes {@code --allow-mass-delete}. The half rule counts managed objects only (not
 * what prune rules sweep: logs, worktrees), and needs at least three deletes to trip.
 */
public record BlastRadius(int deletes, int maxDeletions, int managedDeletes, int managed) {

    public static BlastRadius of(Plan plan, int maxDeletions, Set<String> sweepKinds) {
        int deletes = 0, managedDeletes = 0, managed = 0;
        for (Change c : plan.changes()) {
            boolean sweep = sweepKinds.contains(c.address().kind());
            if (c.action() == Action.DELETE) deletes++;
            if (sweep || c.action() == Action.CREATE) continue;
            managed++;
            if (c.action() == Action.DELETE) managedDeletes++;
        }
        return new BlastRadius(deletes, maxDeletions, managedDeletes, managed);
    }

    public boolean trips() {
        return deletes > maxDeletions || managedDeletes > 2 && managedDeletes * 2 > managed;
    }

    private boolean near() {
        return deletes * 5 >= maxDeletions * 4 || managedDeletes > 2 && managedDeletes * 5 >= managed * 2;
    }

    public String describe() {
        return deletes + " deletes (limit prune.maxDeletions " + maxDeletions + "); " + managedDeletes + " of " + managed
                + " managed objects deleted (limit: half)";
    }

    public Optional<Diagnostic> diagnostic() {
        if (trips()) {
            return Optional.of(Diagnostic.warning(null, "prune.maxDeletions", "mass delete: " + describe()
                    + "; apply refuses this plan unless --allow-mass-delete"));
        }
        return near() ? Optional.of(Diagnostic.note(null, "prune.maxDeletions", "near the mass-delete guard: " + describe())) : Optional.empty();
    }

}
