package dev.factory.kinds.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.config.Diagnostic;
import dev.factory.plan.Action;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RepoPlannerTest {
    private static final String URL = "https://github.com/ainative-academy/aina-academy.git";
    private static final RepoSpec SPEC = new RepoSpec("aina-academy", URL, Path.of("/srv/repos/aina-academy"), "main", null, null, null);
    private final List<Diagnostic> diagnostics = new ArrayList<>();

    private static RepoState repo(String origin, String branch, int changed, int untracked, int ahead, int behind, List<String> worktrees) {
        return new RepoState(RepoState.Presence.REPO, origin, branch, "h", "r", changed, untracked, ahead, behind, null, worktrees);
    }

    @Test
    void missingOrEmptyIsCloned() {
        assertEquals(Action.CREATE, RepoPlanner.plan(SPEC, RepoState.of(RepoState.Presence.MISSING), diagnostics).action());
        assertEquals(Action.CREATE, RepoPlanner.plan(SPEC, RepoState.of(RepoState.Presence.EMPTY_DIR), diagnostics).action());
    }

    @Test
    void somethingElseAtThePathIsAnError() {
        assertEquals(Action.UNKNOWN, RepoPlanner.plan(SPEC, RepoState.of(RepoState.Presence.NOT_A_REPO), diagnostics).action());
        assertEquals(Action.UNKNOWN, RepoPlanner.plan(SPEC, repo("git@github.com:x/other.git", "main", 0, 0, 0, 0, List.of()), diagnostics).action());
        assertEquals(2, diagnostics.stream().filter(Diagnostic::isError).count());
    }

    @Test
    void originFixAndFastForwardAreUpdates() {
        var c = RepoPlanner.plan(SPEC, repo("git@github.com:ainative-academy/aina-academy.git", "main", 0, 0, 0, 2, List.of()), diagnostics);
        assertEquals(Action.UPDATE, c.action());
        assertEquals("set origin to " + URL + "; fast-forward 2 commits to origin/main", c.reason());
    }

    @Test
    void dirtyDivergedOrOtherBranchAreLeftAloneWithNotes() {
        assertEquals("1 behind origin/main, not fast-forwarded: uncommitted changes; 1 uncommitted change: left alone",
                RepoPlanner.plan(SPEC, repo(URL, "main", 1, 0, 0, 1, List.of()), diagnostics).reason());
        assertEquals("2 behind origin/main, not fast-forwarded: on branch codex/x, not main",
                RepoPlanner.plan(SPEC, repo(URL, "codex/x", 0, 0, 0, 2, List.of()), diagnostics).reason());
        var diverged = RepoPlanner.plan(SPEC, repo(URL, "main", 0, 0, 1, 3, List.of()), diagnostics);
        assertEquals(Action.NO_OP, diverged.action());
        assertTrue(diagnostics.stream().anyMatch(d -> d.severity() == Diagnostic.Severity.WARNING && d.summary().contains("diverged")));
    }

    @Test
    void upToDateWithWorktreesIsANoOpWithANote() {
        var c = RepoPlanner.plan(SPEC, repo(URL, "main", 0, 0, 0, 0, List.of("/home/ali/agent-workspaces/a")), diagnostics);
        assertEquals(Action.NO_OP, c.action());
        assertEquals("up to date with origin/main; 1 linked worktree", c.reason());
        assertTrue(diagnostics.get(0).summary().endsWith("1 linked worktree: /home/ali/agent-workspaces/a"));
    }

    @Test
    void sameRepositoryAcrossUrlForms() {
        assertTrue(RepoPlanner.sameRepository("git@github.com:ainative-academy/aina-academy.git", URL));
        assertTrue(RepoPlanner.sameRepository("git://127.0.0.1:9418/aina-academy.git/", "file:///srv/mirror/aina-academy"));
        assertTrue(!RepoPlanner.sameRepository("https://github.com/x/aina-platform.git", URL));
    }

    private static RepoState reused(int behind, java.time.Duration age) {
        return new RepoState(RepoState.Presence.REPO, URL, "main", "h", "r", 0, 0, 0, behind, null, List.of(), List.of(), age);
    }

    @Test
    void aReusedFetchSaysHowOldTheRemoteViewIs() {
        var c = RepoPlanner.plan(SPEC, reused(0, java.time.Duration.ofSeconds(150)), diagnostics);
        assertEquals(Action.NO_OP, c.action());
        assertEquals("up to date with origin/main; remote as of 2m ago (fetched every 5m; --refresh fetches now)", c.reason());
        var ff = RepoPlanner.plan(SPEC, reused(1, java.time.Duration.ofSeconds(42)), diagnostics);
        assertEquals("fast-forward 1 commit to origin/main; remote as of 42s ago (fetched every 5m; --refresh fetches now)", ff.reason());
        assertEquals("up to date with origin/main", RepoPlanner.plan(SPEC, reused(0, null), diagnostics).reason(), "fetched now: nothing to say");
    }

    @Test
    void agesInTheLargestWholeUnit() {
        assertEquals("0s", RepoPlanner.ago(java.time.Duration.ZERO));
        assertEquals("59s", RepoPlanner.ago(java.time.Duration.ofSeconds(59)));
        assertEquals("1m", RepoPlanner.ago(java.time.Duration.ofSeconds(60)));
        assertEquals("59m", RepoPlanner.ago(java.time.Duration.ofSeconds(3599)));
        assertEquals("1h", RepoPlanner.ago(java.time.Duration.ofHours(1)));
        assertEquals("26h", RepoPlanner.ago(java.time.Duration.ofHours(26)));
    }
}
