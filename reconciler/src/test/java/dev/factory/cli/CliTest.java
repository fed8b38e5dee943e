package dev.factory.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.testing.Cli;
import org.junit.jupiter.api.Test;

/** Exit codes and usage handling, and the user's own config staying valid. */
class CliTest {
    @Test
    void usageErrorsExit64() {
        var unknownOption = Cli.run("plan", "--bogus");
        assertEquals(ExitCodes.USAGE, unknownOption.exitCode());
        assertTrue(unknownOption.err().contains("Unknown option: '--bogus'"), unknownOption.err());
        assertTrue(unknownOption.err().contains("factory plan --help"), unknownOption.err());

        assertEquals(ExitCodes.USAGE, Cli.run().exitCode(), "a command is required");
        assertEquals(ExitCodes.USAGE, Cli.run("plan", "--format", "yaml").exitCode());
    }

    @Test
    void helpAndVersionExit0() {
        var help = Cli.run("--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("64 usage"), help.out());
        assertTrue(Cli.run("--version").out().startsWith("factory "));
    }

    @Test
    void aMissingConfigDirIsAnErrorNamingIt() {
        var run = Cli.run("validate", "--config", "no/such/dir");
        assertEquals(ExitCodes.ERROR, run.exitCode());
        assertTrue(run.err().contains("config directory no/such/dir does not exist"), run.err());
    }

    @Test
    void theBundledConfigIsValid() {
        var run = Cli.run("validate", "--config", "../factory-config", "--state-dir", "target/unused-state");
        assertEquals(0, run.exitCode(), run.all());
        assertTrue(run.out().startsWith("Config valid: 10 files, 8 images, 5 profiles, 0 services"), run.out());
    }
}
