package dev.factory.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.testing.Cli;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every directory under {@code bad-configs/} is a broken config plus an {@code expect} line
 * {@code FILE:LINE: words}. Validate, plan and apply must all exit 1 citing that file and line,
 * and apply must not even create its state directory.
 */
class BadConfigTest {

    static Stream<Path> cases() throws IOException, URISyntaxException {
        Path root = Path.of(BadConfigTest.class.getResource("/bad-configs").toURI());
        try (var dirs = Files.list(root)) {
            return dirs.filter(Files::isDirectory).sorted().toList().stream();
        }
    }

    @Test
    void theSuiteHasAtLeastTwentyCases() throws Exception {
        assertTrue(cases().count() >= 20);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void validateNamesTheFileAndLine(Path dir) throws IOException {
        String expect = Files.readString(dir.resolve("expect")).strip();
        int firstColon = expect.indexOf(':');
        int secondColon = expect.indexOf(':', firstColon + 1);
        String location = dir.resolve(expect.substring(0, firstColon)) + expect.substring(firstColon, secondColon + 1);
        String words = expect.substring(secondColon + 1).strip();

        var run = Cli.run("validate", "--config", dir.toString());

        assertEquals(1, run.exitCode(), run.all());
        List<String> hits = run.err().lines().filter(l -> l.startsWith(location) && l.contains("error:")).toList();
        assertFalse(hits.isEmpty(), "expected an error at " + location + " in:\n" + run.err());
        assertTrue(hits.stream().anyMatch(l -> l.contains(words)), "expected '" + words + "' at " + location + " in:\n" + run.err());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void planAndApplyRefuseAndTouchNothing(Path dir, @TempDir Path tmp) {
        Path state = tmp.resolve("state");
        var plan = Cli.run("plan", "--config", dir.toString(), "--state-dir", state.toString());
        var apply = Cli.run("apply", "--config", dir.toString(), "--state-dir", state.toString(), "--auto-approve");

        assertEquals(1, plan.exitCode(), plan.all());
        assertEquals(1, apply.exitCode(), apply.all());
        assertTrue(apply.err().contains("nothing was planned or applied"), apply.err());
        assertFalse(Files.exists(state), "apply of an invalid config created " + state);
    }
}
