package dev.factory.kinds.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.config.ConfigLoader;
import dev.factory.config.Diagnostic;
import dev.factory.plan.Address;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A profile's git guard: as the loader reads and checks it, its rules as shell tests, and its place in the container's hash. */
class GitGuardTest {
    @TempDir
    Path tmp;

    private ConfigLoader.Result load(String git) throws IOException {
        Files.writeString(tmp.resolve("f.yaml"), "profiles:\n  agent:\n    image: busybox:latest\n" + git
                + "services:\n  s: {profile: agent}\n");
        return dev.factory.app.Registry.configLoader().load(tmp);
    }

    private static List<String> errors(ConfigLoader.Result r) {
        return r.diagnostics().stream().filter(d -> d.severity() == Diagnostic.Severity.ERROR).map(Diagnostic::summary).toList();
    }

    private static ProfileSpec agent(ConfigLoader.Result r) {
        return ContainerSection.profiles(r.desired()).get("agent");
    }

    @Test
    void guardOnTakesTheFiveDefaultRulesAndTheUsualGit() throws IOException {
        var r = load("    git: {guard: true}\n");
        assertTrue(r.ok(), r.diagnostics().toString());
        assertEquals(new GitGuard(List.of("push --force", "reset --hard", "clean -f", "checkout .", "restore ."), "/usr/bin/git"), agent(r).git());
    }

    @Test
    void ownRulesAndBinary() throws IOException {
        var r = load("    git: {guard: true, deny: [branch -D, stash drop], binary: /opt/git/bin/git}\n");
        assertTrue(r.ok(), r.diagnostics().toString());
        assertEquals(new GitGuard(List.of("branch -D", "stash drop"), "/opt/git/bin/git"), agent(r).git());
    }

    @Test
    void noGuardWithoutGuardTrue() throws IOException {
        assertNull(agent(load("")).git());
        assertNull(agent(load("    git: {guard: false}\n")).git());
        var r = load("    git: {deny: [push --force]}\n");
        assertEquals(List.of("git.deny has no effect without git.guard: true; turn the guard on or remove it"), errors(r));
    }

    @Test
    void badRulesAreNamedWithTheirPlace() throws IOException {
        var r = load("    git:\n      guard: true\n      deny: [\"push --force\", \"Push -f\", \"reset 'x'\", \"clean --\"]\n");
        var found = r.diagnostics().stream().filter(d -> d.severity() == Diagnostic.Severity.ERROR).toList();
        assertEquals(3, found.size(), found.toString());
        assertEquals("'Push' is not a git subcommand (lowercase letters, digits and '-'): a rule starts with one, e.g. 'push --force'",
                found.get(0).summary());
        assertEquals(6, found.get(0).location().line());
        assertTrue(found.get(1).summary().startsWith("argument ''x'' cannot be matched"), found.get(1).summary());
        assertTrue(found.get(2).summary().startsWith("argument '--' cannot be matched"), found.get(2).summary());
    }

    @Test
    void theGuardCannotReplaceItselfNorLiveOnAReadOnlyRoot() throws IOException {
        assertEquals(List.of("the guard itself goes to /usr/local/bin/git; name the real git elsewhere (e.g. /usr/bin/git)"),
                errors(load("    git: {guard: true, binary: /usr/local/bin/git}\n")));
        assertEquals(List.of("the git guard is put into each container's file system, which readOnlyRootfs makes read-only; drop one of the two"),
                errors(load("    readOnlyRootfs: true\n    git: {guard: true}\n")));
    }

    @Test
    void problemsOfARule() {
        assertNull(GitGuard.problem("push --force"));
        assertNull(GitGuard.problem("filter-branch"));
        assertNull(GitGuard.problem("  checkout   .  "));
        assertEquals("an empty rule: write a git subcommand and its arguments, e.g. 'push --force'", GitGuard.problem("   "));
        assertTrue(GitGuard.problem("push $(rm)").startsWith("argument '$(rm)'"));
        assertTrue(GitGuard.problem("push -").startsWith("argument '-'"));
        assertTrue(GitGuard.problem("2push").startsWith("'2push' is not"));
    }

    @Test
    void eachArgumentBecomesItsShellTest() {
        assertEquals("has_all_paths \"$@\"", GitGuard.test("checkout", "."));
        assertEquals("has_short f \"$@\" || has_long --force \"$@\"", GitGuard.test("clean", "-f"));
        assertEquals("has_short f \"$@\" || has_long --force \"$@\"", GitGuard.test("clean", "--force"));
        assertEquals("has_short f \"$@\" || has_long --force \"$@\" || has_long --force-with-lease \"$@\" || has_plus_refspec \"$@\"",
                GitGuard.test("push", "-f"));
        assertEquals("has_long --hard \"$@\"", GitGuard.test("reset", "--hard"));
        assertEquals("has_short D \"$@\"", GitGuard.test("branch", "-D"));
        assertEquals("has_word 'drop' \"$@\"", GitGuard.test("stash", "drop"));
        assertEquals("has_word '-abc' \"$@\"", GitGuard.test("x", "-abc"));
    }

    @Test
    void theScriptNamesItsProfileAndRulesAndRunsTheRealGit() {
        String s = new GitGuard(List.of("reset --hard", "stash drop"), "/usr/bin/git").script("qa");
        assertTrue(s.startsWith("#!/bin/sh\n# git guard of profile qa,"), s);
        assertTrue(s.contains("\nreal=/usr/bin/git\n"), s);
        assertTrue(s.contains("  if [ \"$sub\" = reset ] && { has_long --hard \"$@\"; }; then refuse 'reset --hard'; fi\n"), s);
        assertTrue(s.contains("  if [ \"$sub\" = stash ] && { has_word 'drop' \"$@\"; }; then refuse 'stash drop'; fi\n"), s);
        assertTrue(s.endsWith("check \"$@\"\nexec \"$real\" \"$@\"\n"), s);
        assertEquals(GitGuard.REFUSED, 3);
        assertTrue(s.contains("exit 3\n"), s);
    }

    @Test
    void theGuardIsInTheHashOnlyWhenDeclaredAndItsRulesChangeIt() throws IOException {
        var plain = ContainerSection.containers(load("").desired()).get("s-1");
        assertFalse(ContainerFields.digests(plain, "sha256:i").containsKey("git"), "a container made before guards keeps its hash");
        var guarded = ContainerSection.containers(load("    git: {guard: true}\n").desired()).get("s-1");
        var other = ContainerSection.containers(load("    git: {guard: true, deny: [reset --hard]}\n").desired()).get("s-1");
        var a = ContainerFields.digests(guarded, "sha256:i");
        var b = ContainerFields.digests(other, "sha256:i");
        assertTrue(a.containsKey("git"));
        assertEquals(Address.of("container", "s-1"), guarded.address());
        assertTrue(!a.get("git").equals(b.get("git")) && a.entrySet().stream().filter(e -> !e.getKey().equals("git"))
                .allMatch(e -> e.getValue().equals(b.get(e.getKey()))), "only the git field differs: " + a + " vs " + b);
    }

    @Test
    void aSwarmServiceCannotCarryAGuard() throws IOException {
        var profile = agent(load("    git: {guard: true}\n"));
        assertEquals("profile agent has a git guard, which is put into each container before it starts; a swarm starts its tasks itself,"
                + " so run it as a service of one host (without cluster) or drop git.guard", ContainerSection.swarmProblem(profile).orElseThrow());
    }
}
