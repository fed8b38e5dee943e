package dev.factory.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A config reads only what its git work tree holds, links resolved; the outside file is never read. */
class ConfigTreeTest {
    private static final String CANARY = "canary-outside-the-tree-0c4e";

    @TempDir
    Path tmp;

    private Path repo;
    private Path config;
    private Path outside;

    @BeforeEach
    void setUp() throws Exception {
        repo = Files.createDirectories(tmp.resolve("repo"));
        // git's own init: jgit's measures the file store's timestamp resolution on a thread of its own, writing
        // probe files into .git, which raced the temp dir's deletion once this test ran faster
        dev.factory.testing.GitCli.git(tmp, "init", "-q", repo.toString());
        config = Files.createDirectories(repo.resolve("factory-config"));
        Files.createDirectories(repo.resolve("images/base"));
        Files.writeString(repo.resolve("images/base/Dockerfile"), "FROM scratch\n");
        outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("Dockerfile"), "FROM " + CANARY + "\n");
        Files.writeString(outside.resolve("AGENTS.md"), CANARY);
        Files.writeString(outside.resolve("notes"), CANARY);
    }

    private List<Diagnostic> load(String yaml) throws IOException {
        Files.writeString(config.resolve("f.yaml"), yaml);
        return dev.factory.app.Registry.configLoader().load(config).diagnostics();
    }

    @Test
    void theTreeIsTheGitWorkTreeHoldingTheConfig() {
        var tree = ConfigTree.of(config, new dev.factory.git.JgitConfigGit());
        assertEquals(repo.toAbsolutePath().normalize(), tree.root());
        assertTrue(tree.git());
        assertTrue(tree.outside(repo.resolve("images/base/Dockerfile")).isEmpty(), "../images is inside the project's tree");
        assertTrue(tree.outside(repo.resolve("images/not-yet")).isEmpty(), "a missing path is judged by its parent");
        assertTrue(tree.outside(outside.resolve("Dockerfile")).orElseThrow().contains("is outside the config's tree " + tree.root()));
        assertTrue(tree.outside(config.resolve("../../outside/x")).isPresent(), "by ..");
    }

    @Test
    void outsideAGitTreeTheConfigDirectoryIsTheBoundary() throws IOException {
        Path loose = Files.createDirectories(tmp.resolve("loose/config"));
        var tree = ConfigTree.of(loose, new dev.factory.git.JgitConfigGit());
        assertEquals(loose, tree.root());
        assertFalse(tree.git());
        assertTrue(tree.outside(loose.resolve("../x")).isPresent());
    }

    @Test
    void linksAreResolvedBeforeTheCheck() throws Exception {
        Files.createSymbolicLink(config.resolve("notes-link"), outside.resolve("notes"));
        Files.createSymbolicLink(config.resolve("agents-link.md"), outside.resolve("AGENTS.md"));
        Files.createSymbolicLink(repo.resolve("images/evil"), outside);
        var found = load("repos:\n  r: {url: https://example.com/r.git, path: /srv/r, agentsMd: agents-link.md}\n"
                + "files:\n  n: {path: /srv/notes, source: notes-link}\n"
                + "images:\n  e: {from: \"debian:12\", context: ../images/evil}\n  d: {from: \"debian:12\", context: ../images/base, dockerfile: ../../outside/Dockerfile}\n");
        var errors = found.stream().filter(Diagnostic::isError).toList();
        assertEquals(4, errors.size(), errors.toString());
        for (Diagnostic d : errors) {
            assertTrue(d.summary().contains("is outside the config's tree"), d.format());
            assertEquals(config.resolve("f.yaml"), d.location().file(), "reported at the field, never in the outside file: " + d.format());
            assertFalse(d.format().contains(CANARY), "the outside file's content is never shown: " + d.format());
        }
        assertEquals(List.of(2, 4, 6, 7), errors.stream().map(d -> d.location().line()).sorted().toList());
    }
}
