package dev.factory.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.testing.Cli;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every subcommand answers the conventions an operator types without reading the docs first. */
class CliConventionsTest {

    /** Every visible subcommand, read from the command model so a new one cannot be left out. */
    static List<String> subcommands() {
        return Main.commandLine(new FactoryCommand()).getSubcommands().values().stream()
                .filter(c -> !c.getCommandSpec().usageMessage().hidden())
                .map(c -> c.getCommandSpec().name()).distinct().toList();
    }

    @Test
    void theWalkSeesEveryCommand() {
        assertTrue(subcommands().containsAll(List.of("validate", "plan", "apply", "import", "pr-plan", "status", "lane", "doctor",
                "mcp-bridge", "runner-slot", "drift", "daemon", "job", "install-systemd", "completion", "show", "graph", "version")),
                subcommands().toString());
    }

    @ParameterizedTest
    @MethodSource("subcommands")
    void helpLongAndShortExit0WithUsage(String command) {
        for (String flag : List.of("--help", "-h")) {
            var run = Cli.run(command, flag);
            assertEquals(0, run.exitCode(), command + " " + flag + ": " + run.all());
            assertTrue(run.out().contains("Usage: factory " + command + " "), command + " " + flag + ": " + run.out());
            assertEquals("", run.err(), command + " " + flag);
        }
    }

    @Test
    void aMistypedCommandGetsASuggestion() {
        var run = Cli.run("plna");
        assertEquals(ExitCodes.USAGE, run.exitCode());
        assertTrue(run.err().contains("Did you mean: factory plan or"), run.err());
    }

    @Test
    void aMistypedOptionGetsASuggestion() {
        var run = Cli.run("plan", "--detailed-exitcod");
        assertEquals(ExitCodes.USAGE, run.exitCode());
        assertTrue(run.err().contains("Possible solutions: --detailed-exitcode"), run.err());
    }

    @Test
    void completionScriptsAreGeneratedAndBashParsesThem(@TempDir Path dir) throws Exception {
        for (String shell : List.of("bash", "zsh", "fish")) {
            var run = Cli.run("completion", shell);
            assertEquals(0, run.exitCode(), run.all());
            assertTrue(run.out().contains("plan") && run.out().contains("detailed-exitcode"), shell);
            Files.writeString(dir.resolve("factory." + shell), run.out(), StandardCharsets.UTF_8);
        }
        assertSyntaxOk(List.of("bash", "-n", dir.resolve("factory.bash").toString()), true);
        assertSyntaxOk(List.of("zsh", "-n", dir.resolve("factory.zsh").toString()), false);
        assertSyntaxOk(List.of("fish", "--no-execute", dir.resolve("factory.fish").toString()), false);
        var fish = Files.readString(dir.resolve("factory.fish"));
        assertTrue(fish.contains("-n '__fish_seen_subcommand_from plan' -l format -r -a 'text json markdown'"), fish);
        assertTrue(!fish.contains("bench-plan"), "hidden commands stay out of completion");
    }

    @Test
    void conflictingOrUnsupportedFormatsAreUsageErrors() {
        var both = Cli.run("plan", "--json", "--format", "markdown");
        assertEquals(ExitCodes.USAGE, both.exitCode(), both.all());
        assertTrue(both.err().contains("--json and --format markdown ask for different outputs"), both.err());
        var none = Cli.run("status", "--format", "html");
        assertEquals(ExitCodes.USAGE, none.exitCode(), none.all());
        assertTrue(none.err().contains("'factory status' has no html output: use text, json"), none.err());
        var bad = Cli.run("plan", "--format", "yaml");
        assertEquals(ExitCodes.USAGE, bad.exitCode());
        assertTrue(bad.err().contains("'yaml' is not a format"), bad.err());
        var outDir = Cli.run("drift", "--out-dir", "x", "--json");
        assertEquals(ExitCodes.USAGE, outDir.exitCode());
        assertTrue(outDir.err().contains("--out-dir writes all three formats"), outDir.err());
    }

    @Test
    void mdIsMarkdownInAnyCase() {
        var convert = new OutputFormat.Converter();
        assertEquals(OutputFormat.markdown, convert.convert("md"));
        assertEquals(OutputFormat.markdown, convert.convert("MD"));
        assertEquals(OutputFormat.html, convert.convert(" Html "));
    }

    @Test
    void versionJsonNamesVersionCommitAndJava() throws Exception {
        var run = Cli.run("version", "--json");
        assertEquals(0, run.exitCode(), run.all());
        var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.out());
        assertEquals(System.getProperty("java.runtime.version"), tree.path("java").asText());
        assertTrue(tree.path("commit").asText().matches("[0-9a-f]{40}|unknown"), run.out());
        assertTrue(tree.path("version").asText().startsWith("0."), run.out());
        assertTrue(Cli.run("--version").out().contains("commit "), "factory --version says the commit too");
    }

    @Test
    void validateJsonCarriesEveryDiagnostic(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.yaml"), "images:\n  x: {context: nowhere, bogus: 1}\nprofiles:\n  p: {image: missing}\n");
        var run = Cli.run("validate", "--json", "--config", dir.toString());
        assertEquals(ExitCodes.ERROR, run.exitCode(), run.all());
        var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.out());
        assertFalse(tree.path("valid").asBoolean(true));
        assertTrue(tree.path("diagnostics").size() >= 2, run.out());
        for (var d : tree.path("diagnostics")) assertTrue(d.path("location").path("file").asText().endsWith("a.yaml"), run.out());
    }

    @Test
    void fishQuotingKeepsQuotesAndBackslashes() {
        assertEquals("'it\\'s a \\\\ path'", CompletionCommand.quote("it's a \\ path"));
    }

    /** Runs a shell's syntax check; a shell that is not installed fails the test in CI and is skipped elsewhere. */
    private static void assertSyntaxOk(List<String> command, boolean alwaysInstalled) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (java.io.IOException notInstalled) {
            if (alwaysInstalled || System.getenv("CI") != null) throw notInstalled;
            return;
        }
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), command + ": " + out);
    }
}
