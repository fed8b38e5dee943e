package dev.factory.kinds.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GlobTest {
    private static boolean matches(String glob, String path) {
        return Glob.compile(glob, false).matches(Arrays.asList(path.split("/")));
    }

    private static boolean matchesWithDots(String glob, String path) {
        return Glob.compile(glob, true).matches(Arrays.asList(path.split("/")));
    }

    @Test
    void starAndQuestionStayWithinOneName() {
        assertTrue(matches("codex-*.log", "codex-1.log"));
        assertTrue(matches("codex-*.log", "codex-.log"));
        assertFalse(matches("codex-*.log", "lane/codex-1.log"));
        assertTrue(matches("*/codex-?.log", "lane/codex-1.log"));
        assertFalse(matches("*/codex-?.log", "lane/codex-12.log"));
        assertFalse(matches("codex-*.log", "codex-1.log.gz"));
        assertTrue(matches("codex-*.log", "codex-\nforged.log"), "a wildcard matches any character a name may hold, newline included");
    }

    @Test
    void doubleStarSpansZeroOrMoreDirectories() {
        assertTrue(matches("**/codex-*.log", "codex-1.log"));
        assertTrue(matches("**/codex-*.log", "a/codex-1.log"));
        assertTrue(matches("**/codex-*.log", "a/b/c/codex-1.log"));
        assertTrue(matches("a/**/b", "a/b"));
        assertTrue(matches("a/**/b", "a/x/y/b"));
        assertFalse(matches("a/**/b", "a/x/y/c"));
        assertTrue(matches("**", "anything/at/all"));
    }

    @Test
    void wildcardsSkipDotfilesUnlessAsked() {
        assertFalse(matches("*", ".env"), "a shell's * does not match .env");
        assertFalse(matches("*.log", ".hidden.log"));
        assertFalse(matches("?env", ".env"));
        assertFalse(matches("[.]env", ".env"));
        assertFalse(matches("**/x.log", ".git/x.log"), "** never enters a hidden directory");
        assertFalse(matches("**/x.log", "a/.cache/x.log"));
        assertTrue(matches(".env", ".env"), "a literal leading dot still matches");
        assertTrue(matches(".*", ".env"));
        assertTrue(matches("*", "env.local"), "a dot inside a name is an ordinary character");
        assertTrue(matchesWithDots("*", ".env"));
        assertTrue(matchesWithDots("**/x.log", ".git/x.log"));
    }

    @Test
    void bracesChooseAndKeepTheirOwnDotRule() {
        assertTrue(matches("{a,b}.log", "a.log"));
        assertTrue(matches("{a,b}.log", "b.log"));
        assertFalse(matches("{a,b}.log", "c.log"));
        assertTrue(matches("{.env,*.log}", ".env"), "each alternative is judged as written");
        assertFalse(matches("{*.env,*.log}", ".x.env"));
        assertTrue(matches("x{a,{b,c}}", "xc"));
        assertEquals(List.of("xa", "xb", "xc"), Glob.expand("x{a,{b,c}}"));
        assertEquals(List.of("a", "b", "c", "d"), Glob.expand("{a,{b,c},d}"), "a comma inside inner braces does not split the outer choice");
        assertEquals(List.of("a\\,b", "c"), Glob.expand("{a\\,b,c}"), "an escaped comma does not split");
        assertEquals(List.of("\\{a,b}"), Glob.expand("\\{a,b}"), "an escaped brace opens nothing");
        assertTrue(matches("{a\\,b,c}", "a,b"));
    }

    @Test
    void classesAndEscapes() {
        assertTrue(matches("log[0-9]", "log7"));
        assertFalse(matches("log[0-9]", "logx"));
        assertTrue(matches("log[!0-9]", "logx"));
        assertFalse(matches("log[!0-9]", "log7"));
        assertTrue(matches("a\\*b", "a*b"));
        assertFalse(matches("a\\*b", "axb"));
        assertTrue(matches("a.b", "a.b"));
        assertFalse(matches("a.b", "axb"), "a dot is literal, not a regex wildcard");
        assertTrue(matches("(x)+", "(x)+"));
        assertTrue(matches("[]x]", "]"), "a ] right after [ is part of the class");
        assertTrue(matches("[]x]", "x"));
        assertTrue(matches("a[", "a["), "an unclosed [ is literal");
        assertFalse(matches("a[", "ab"));
        assertTrue(matches("[a-c][!a]", "cb"));
        assertTrue(matches("end\\", "end"), "a trailing backslash escapes nothing");
    }

    @Test
    void badGlobsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Glob.compile("{a,b", false));
        assertThrows(IllegalArgumentException.class, () -> Glob.compile("{a,b}{c,d}{e,f}{g,h}{i,j}{k,l}{m,n}{o,p}{q,r}", false),
                "512 alternatives is an expansion bomb");
        assertEquals(256, Glob.expand("{a,b}{c,d}{e,f}{g,h}{i,j}{k,l}{m,n}{o,p}").size(), "256 alternatives are allowed");
        assertThrows(IllegalArgumentException.class, () -> Glob.expand("{a,b}{c,d}{e,f}{g,h}{i,j}{k,l}{m,n}{o,p}{q}x{r,s}"));
    }

    @Test
    void aWalkDescendsOnlyWhereAMatchIsStillPossible() {
        var g = Glob.compile("*/_work/_temp/*", false);
        assertTrue(g.mayMatchBelow(List.of("runner-1")));
        assertTrue(g.mayMatchBelow(List.of("runner-1", "_work")));
        assertFalse(g.mayMatchBelow(List.of("runner-1", "other")));
        assertFalse(g.mayMatchBelow(List.of(".hidden")));
        assertFalse(g.mayMatchBelow(List.of("runner-1", "_work", "_temp", "x")), "nothing below a full match");
        assertTrue(Glob.compile("**/codex-*.log", false).mayMatchBelow(List.of("a", "b", "c")));
        assertFalse(Glob.compile("**/codex-*.log", false).mayMatchBelow(List.of("a", ".git")));
    }

    @Test
    void theRootIsTheFixedPrefixAndTheRestIsThePattern() {
        assertEquals(new GlobRoot(Path.of("/srv/actions-runner"), "*/_work/_temp/*"), GlobRoot.of("/srv/actions-runner/*/_work/_temp/*"));
        assertEquals(new GlobRoot(Path.of("/a"), "b{c,d}/*.log"), GlobRoot.of("/a/b{c,d}/*.log"));
        assertEquals(new GlobRoot(Path.of("/var/log/app"), "big.log"), GlobRoot.of("/var/log/app/big.log"));
    }

    @Test
    void broadRootsAreNamed() {
        var homes = Set.of(Path.of("/home/ali"), Path.of("/root"));
        assertEquals("it is /", GlobRoot.tooBroad(Path.of("/"), homes).orElseThrow());
        assertEquals("it is a home directory", GlobRoot.tooBroad(Path.of("/home/ali"), homes).orElseThrow());
        assertEquals("it is a home directory", GlobRoot.tooBroad(Path.of("/root"), homes).orElseThrow());
        assertTrue(GlobRoot.tooBroad(Path.of("/home"), homes).orElseThrow().contains("holds the home directory /home/ali"));
        assertEquals("it is a top-level directory", GlobRoot.tooBroad(Path.of("/srv"), homes).orElseThrow());
        assertEquals("it is a direct child of the system directory /etc", GlobRoot.tooBroad(Path.of("/etc/ssh"), homes).orElseThrow());
        assertEquals("it is a direct child of the system directory /var", GlobRoot.tooBroad(Path.of("/var/lib"), homes).orElseThrow());
        assertEquals("it is a direct child of the system directory /usr", GlobRoot.tooBroad(Path.of("/usr/local"), homes).orElseThrow());
        assertEquals("it is a direct child of the system directory /home", GlobRoot.tooBroad(Path.of("/home/bob"), homes).orElseThrow());
        assertTrue(GlobRoot.tooBroad(Path.of("/home/ali/agent-workspaces"), homes).isEmpty());
        assertTrue(GlobRoot.tooBroad(Path.of("/srv/actions-runner"), homes).isEmpty(), "a service's data root is not a system directory");
        assertTrue(GlobRoot.tooBroad(Path.of("/var/log/app"), homes).isEmpty());
        assertTrue(GlobRoot.tooBroad(Path.of("/tmp/x"), homes).isEmpty());
    }
}
