package dev.factory.kinds.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.config.Age;
import dev.factory.config.ConfigLoader;
import dev.factory.config.Diagnostic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code prune:} and {@code host.disk} read into, defaults included, and what they refuse. */
class PruneRulesTest {
    @TempDir
    Path tmp;

    private ConfigLoader.Result load(String yaml) throws IOException {
        Files.writeString(tmp.resolve("f.yaml"), "host: {name: t, home: /home/ali}\nprofiles: {ops: {image: 'busybox:1'}}\n"
                + "repos: {r: {url: https://example.com/r.git, path: /srv/r}}\n" + yaml);
        return dev.factory.app.Registry.configLoader().load(tmp);
    }

    private PruneSpec prune(String yaml) throws IOException {
        var result = load(yaml);
        assertTrue(result.ok(), result.diagnostics().toString());
        return result.desired().get(PruneSection.SECTION);
    }

    private List<String> errors(String yaml) throws IOException {
        return load(yaml).diagnostics().stream().filter(Diagnostic::isError).map(Diagnostic::summary).toList();
    }

    @Test
    void defaultsWhenNothingIsDeclared() throws IOException {
        var p = prune("");
        assertEquals(PruneSpec.DEFAULT_MAX_DELETIONS, p.maxDeletions());
        assertEquals(Path.of("/"), p.disk().path());
        assertEquals(85, p.disk().alertAtPercent());
        assertNull(p.disk().highPercent());
        assertTrue(p.worktrees().isEmpty() && p.files().isEmpty() && p.commands().isEmpty());
        assertNull(p.containers());
        assertNull(p.images());
        assertNull(p.buildCacheMax());
    }

    @Test
    void everyFieldIsRead() throws IOException {
        var p = prune("prune:\n  maxDeletions: 7\n"
                + "  worktrees: [{repo: r, olderThan: 2d}, {repo: '*', ignoredDisposable: [tmp, '*.o']}]\n"
                + "  files:\n    - {glob: '~/ws/**/x-*.log', olderThan: 3d, largerThan: 2MB, keepNewest: 4}\n"
                + "    - {glob: '/srv/runner/*/_temp/', dotfiles: true}\n"
                + "  docker: {containers: {exitedFor: 1d, unowned: true}, images: {keepLatest: 3, dangling: true, unowned: true}, buildCache: {maxSize: 1GB}}\n"
                + "  commands: [{name: c, profile: ops, command: [a, b], every: 12h}, {name: d, profile: ops, command: [x]}]\n");
        assertEquals(7, p.maxDeletions());
        assertEquals(Age.parse("2d").duration(), p.worktrees().get(0).olderThan().duration());
        assertEquals(PruneSpec.WorktreeRule.DEFAULT_DISPOSABLE, p.worktrees().get(0).ignoredDisposable());
        assertEquals(List.of("tmp", "*.o"), p.worktrees().get(1).ignoredDisposable());
        assertEquals("*", p.worktrees().get(1).repo());
        var logs = p.files().get(0);
        assertEquals(Path.of("/home/ali/ws"), logs.root());
        assertEquals("**/x-*.log", logs.pattern());
        assertEquals("/home/ali/ws/**/x-*.log", logs.glob());
        assertEquals(2L << 20, logs.largerThan());
        assertEquals(4, logs.keepNewest());
        assertFalse(logs.dotfiles());
        var temp = p.files().get(1);
        assertTrue(temp.dotfiles());
        assertEquals("/srv/runner/*/_temp/", temp.glob(), "a trailing slash is kept: it names directories");
        assertNull(temp.olderThan());
        assertTrue(p.containers().unowned());
        assertEquals(Age.parse("1d").duration(), p.containers().exitedFor().duration());
        assertEquals(3, p.images().keepLatest());
        assertTrue(p.images().dangling() && p.images().unowned());
        assertEquals(1L << 30, p.buildCacheMax());
        assertEquals(List.of("a", "b"), p.commands().get(0).command());
        assertEquals(Age.parse("12h").duration(), p.commands().get(0).every().duration());
        assertEquals(Age.parse("1d").duration(), p.commands().get(1).every().duration(), "every defaults to a day");
    }

    @Test
    void theDiskGuardIsReadAndItsMarksChecked() throws IOException {
        var p = prune("").disk();
        assertEquals(85, p.alertAtPercent());
        Files.writeString(tmp.resolve("f.yaml"), "host: {name: t, disk: {path: /data, alertAtPercent: 70, highPercent: 90, lowPercent: 80}}\n");
        var d = dev.factory.app.Registry.configLoader().load(tmp).desired().get(PruneSection.SECTION).disk();
        assertEquals(Path.of("/data"), d.path());
        assertEquals(70, d.alertAtPercent());
        assertEquals(90, d.highPercent());
        assertEquals(80, d.lowPercent());
        for (String bad : List.of("{highPercent: 90}", "{lowPercent: 80}", "{highPercent: 80, lowPercent: 80}", "{highPercent: 80, lowPercent: 90}")) {
            Files.writeString(tmp.resolve("f.yaml"), "host: {name: t, disk: " + bad + "}\n");
            var r = dev.factory.app.Registry.configLoader().load(tmp);
            assertFalse(r.ok(), bad);
            assertTrue(r.diagnostics().get(0).summary().contains("go together, with low below high"), bad + ": " + r.diagnostics());
        }
    }

    @Test
    void badRulesAreEachRefused() throws IOException {
        assertTrue(errors("prune: {worktrees: [{repo: nope}]}\n").get(0).contains("repo 'nope' is not declared"));
        assertTrue(errors("prune: {worktrees: [{repo: r, ignoredDisposable: ['{a']}]}\n").get(0).contains("unclosed"));
        assertTrue(errors("prune: {files: [{glob: 'relative/*.log'}]}\n").get(0).contains("must be absolute or start with ~/"));
        assertTrue(errors("prune: {files: [{glob: '/srv/app/logs'}]}\n").isEmpty(), "a glob without wildcards names one entry");
        assertTrue(errors("prune: {files: [{glob: '/srv/x/', dotfiles: true}]}\n").get(0).contains("it is a top-level directory"),
                "/srv/x/ names x in /srv: rooted at a top-level directory");
        assertTrue(errors("prune: {files: [{glob: '/srv/logs'}]}\n").get(0).contains("it is a top-level directory"));
        assertTrue(errors("prune: {files: [{glob: '/srv/*', allowBroadRoot: true}]}\n").isEmpty(), "allowBroadRoot accepts a top-level root");
        assertTrue(errors("prune: {files: [{glob: '/*', allowBroadRoot: true}]}\n").get(0).contains("rooted at /"), "never /");
        assertTrue(errors("prune: {files: [{glob: '/srv/logs/x', largerThan: lots}]}\n").get(0).contains("lots"));
        assertTrue(errors("prune: {commands: [{name: c, profile: nope, command: [x]}]}\n").get(0).contains("profile 'nope' is not declared"));
        assertTrue(errors("prune: {docker: {buildCache: {maxSize: huge}}}\n").get(0).contains("huge"));
    }
}
