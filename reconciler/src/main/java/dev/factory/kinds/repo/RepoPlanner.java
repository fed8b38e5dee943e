package dev.factory.kinds.repo;

import dev.factory.config.Diagnostic;
import dev.factory.plan.Action;
import dev.factory.plan.Address;
import dev.factory.plan.Change;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The pure diff for one clone. Apply may clone, set {@code origin}, and fast-forward a clean
 * clone on its branch; everything else (dirty, untracked, diverged, another branch checked
 * out) is reported and left exactly as it is.
 */
public final class RepoPlanner {
    public static final String KIND = "repo";

    private RepoPlanner() {}

    public static Change plan(RepoSpec spec, RepoState s, List<Diagnostic> diagnostics) {
        Address address = Address.of(KIND, spec.name());
        var after = RepoPayload.wanted(spec);
        Change refused = notAClone(spec, s, address, after, diagnostics);
        if (refused != null) return refused;
        var before = RepoPayload.live(String.valueOf(s.originUrl()), String.valueOf(s.currentBranch()), String.valueOf(s.head()));
        var notes = new ArrayList<String>();
        var work = new ArrayList<String>();
        if (!spec.url().equals(s.originUrl())) work.add("set origin to " + spec.url());
        if (s.fetchError() != null) {
            notes.add("could not fetch (" + s.fetchError() + "); counts are as of the last fetch");
            diagnostics.add(Diagnostic.warning(spec.at(), "repos." + spec.name(), address + ": cannot fetch " + spec.url() + ": " + s.fetchError()));
        }
        position(spec, s, address, notes, work, diagnostics);
        var noteworthy = new ArrayList<>(notes);
        if (!s.worktrees().isEmpty()) noteworthy.set(noteworthy.size() - 1, noteworthy.get(noteworthy.size() - 1) + ": " + String.join(", ", s.worktrees()));
        if (!noteworthy.isEmpty()) {
            diagnostics.add(Diagnostic.note(spec.at(), "repos." + spec.name(), address + ": " + String.join("; ", noteworthy)));
        }
        String asOf = s.remoteAge() == null ? "" : "; remote as of " + ago(s.remoteAge()) + " ago (fetched every " + ago(spec.interval())
                + "; --refresh fetches now)";
        if (!work.isEmpty()) {
            var reason = new ArrayList<>(work);
            reason.addAll(notes);
            return Change.of(address, Action.UPDATE, String.join("; ", reason) + asOf, before, after, List.of());
        }
        if (notes.isEmpty() || notes.stream().allMatch(n -> n.contains("linked worktree"))) {
            notes.add(0, "up to date with origin/" + spec.branch());
        }
        return Change.of(address, Action.NO_OP, String.join("; ", notes) + asOf, before, after, List.of());
    }

    /** {@code 42s}, {@code 3m}, {@code 2h}: the largest whole unit. */
    static String ago(java.time.Duration d) {
        long seconds = d.toSeconds();
        if (seconds < 60) return seconds + "s";
        if (seconds < 3600) return seconds / 60 + "m";
        return seconds / 3600 + "h";
    }

    /** A clone to make, or a path factory must not touch; null when a clone of the declared repository is there. */
    private static Change notAClone(RepoSpec spec, RepoState s, Address address, RepoPayload after, List<Diagnostic> diagnostics) {
        switch (s.presence()) {
            case MISSING -> {
                return Change.of(address, Action.CREATE, "not cloned yet", null, after, List.of());
            }
            case EMPTY_DIR -> {
                return Change.of(address, Action.CREATE, "empty directory; clone into it", null, after, List.of());
            }
            case NOT_A_REPO -> {
                diagnostics.add(Diagnostic.error(spec.at(), "repos." + spec.name(), address + ": " + spec.path()
                        + " exists and is not a git repository; factory never overwrites it: move it away or change the path"));
                return Change.of(address, Action.UNKNOWN, spec.path() + " is not a git repository", null, null, List.of());
            }
            case REPO -> {
                // judged below
            }
        }
        if (s.originUrl() != null && !sameRepository(s.originUrl(), spec.url())) {
            diagnostics.add(Diagnostic.error(spec.at(), "repos." + spec.name(), address + ": " + spec.path()
                    + " holds another repository (origin " + s.originUrl() + "); factory never overwrites it: move it away or change the path"));
            return Change.of(address, Action.UNKNOWN, "another repository is at " + spec.path(), null, null, List.of());
        }
        return null;
    }

    /** Where the clone stands against origin: a fast-forward to do, or why not, and what is left alone. */
    private static void position(RepoSpec spec, RepoState s, Address address, List<String> notes, List<String> work, List<Diagnostic> diagnostics) {
        boolean onBranch = spec.branch().equals(s.currentBranch());
        boolean diverged = s.ahead() > 0 && s.behind() > 0;
        if (diverged) {
            notes.add("diverged from origin/" + spec.branch() + " (" + s.ahead() + " ahead, " + s.behind() + " behind): left alone");
            diagnostics.add(Diagnostic.warning(spec.at(), "repos." + spec.name(), address + ": " + spec.branch()
                    + " has diverged from origin/" + spec.branch() + "; factory leaves it alone: reconcile it by hand"));
        } else if (s.behind() > 0) {
            String why = !onBranch ? "on branch " + s.currentBranch() + ", not " + spec.branch()
                    : s.dirty() ? "uncommitted changes"
                    : !s.filterDrivers().isEmpty() ? "the clone's config sets filter driver " + String.join(", ", s.filterDrivers())
                    + ", a program factory does not run; pull by hand if you trust it" : null;
            if (why == null) work.add("fast-forward " + s.behind() + " commit" + (s.behind() == 1 ? "" : "s") + " to origin/" + spec.branch());
            else notes.add(s.behind() + " behind origin/" + spec.branch() + ", not fast-forwarded: " + why);
        } else if (s.ahead() > 0) {
            notes.add(s.ahead() + " ahead of origin/" + spec.branch());
        }
        if (s.changed() > 0) notes.add(s.changed() + " uncommitted change" + (s.changed() == 1 ? "" : "s") + ": left alone");
        if (s.untracked() > 0) notes.add(s.untracked() + " untracked file" + (s.untracked() == 1 ? "" : "s") + ": left alone");
        if (!onBranch && s.behind() == 0) notes.add("on " + (s.currentBranch() == null ? "a detached HEAD" : "branch " + s.currentBranch()) + ", not " + spec.branch());
        if (!s.worktrees().isEmpty()) notes.add(s.worktrees().size() + " linked worktree" + (s.worktrees().size() == 1 ? "" : "s"));
    }

    /** Same repository name at the end of both URLs: https vs ssh, a mirror, a renamed org. */
    static boolean sameRepository(String a, String b) {
        return lastSegment(a).equals(lastSegment(b));
    }

    private static String lastSegment(String url) {
        String u = url.strip().replaceAll("/+$", "");
        if (u.endsWith(".git")) u = u.substring(0, u.length() - 4);
        int cut = Math.max(u.lastIndexOf('/'), u.lastIndexOf(':'));
        return u.substring(cut + 1).toLowerCase(Locale.ROOT);
    }
}
