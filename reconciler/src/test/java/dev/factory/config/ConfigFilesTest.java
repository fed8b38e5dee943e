package dev.factory.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which files of a config directory are config. */
class ConfigFilesTest {
    @TempDir
    Path dir;

    @Test
    void anImagesBuildContextIsNotConfigEvenWhenItHoldsYaml() throws Exception {
        Path ctx = Files.createDirectories(dir.resolve("images/repo/app"));
        Files.writeString(dir.resolve("images/repo/Dockerfile"), "ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\n");
        Files.writeString(ctx.resolve("pnpm-lock.yaml"), "lockfileVersion: '9.0'\nimporters: {}\n");
        Files.writeString(dir.resolve("images/compose.yaml"), "services: {web: {image: nginx}}\n");   // no Dockerfile beside it: config
        Files.writeString(dir.resolve("factory.yaml"), "images:\n  app:\n    context: images/repo/app\n    dockerfile: images/repo/Dockerfile\n"
                + "    from: scratch\n");

        var run = Cli.run("validate", "--config", dir.toString());
        assertEquals(1, run.exitCode(), "compose.yaml is still read:\n" + run.all());
        assertTrue(run.err().contains("compose.yaml"), run.err());
        assertTrue(!run.err().contains("pnpm-lock.yaml"), "the lockfile in a build context is not read:\n" + run.err());

        Files.delete(dir.resolve("images/compose.yaml"));
        var ok = Cli.run("validate", "--config", dir.toString());
        assertEquals(0, ok.exitCode(), ok.all());
    }

    @Test
    void aLinkedYamlFileIsNotReadAndSaysSo() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("elsewhere"));
        Files.writeString(outside.resolve("Dockerfile"), "FROM scratch\n");   // keeps the loader out of it
        Files.writeString(outside.resolve("bad.yaml"), "nonsense: [\n");
        Path config = Files.createDirectories(dir.resolve("config"));
        Files.writeString(config.resolve("factory.yaml"), "volumes:\n  data: {}\n");
        Files.createSymbolicLink(config.resolve("linked.yaml"), outside.resolve("bad.yaml"));

        var run = Cli.run("validate", "--config", config.toString());
        assertEquals(0, run.exitCode(), "the link's target is never parsed:\n" + run.all());
        assertTrue(run.all().contains("linked.yaml") && run.all().contains("ignored: a link"), run.all());
    }
}
