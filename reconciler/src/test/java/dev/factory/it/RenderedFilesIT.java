package dev.factory.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.factory.testing.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MCP client files and declared files on the real filesystem: create, diff, delete, ownership, secrets. */
class RenderedFilesIT {
    private static final String CANARY = "canary-mcp-5e1d0b9a-never-render";

    @TempDir
    Path tmp;

    private Path config;
    private Path out;
    private final Cli.Session factory = Cli.on(() -> config);
    private final List<Cli.Run> runs = factory.runs();

    @BeforeEach
    void setUp() throws IOException {
        config = Files.createDirectories(tmp.resolve("config"));
        out = tmp.resolve("home/.claude");
        Path secrets = Files.createDirectories(tmp.resolve("secrets"));
        Files.writeString(secrets.resolve("sentry.env"), "SENTRY_AUTH_TOKEN=" + CANARY + "\n");
        Files.setPosixFilePermissions(secrets.resolve("sentry.env"), PosixFilePermissions.fromString("rw-------"));
        Files.createDirectories(config.resolve("agents"));
        Files.writeString(config.resolve("agents/aina-academy.md"), "# aina-academy\nWork on one issue per branch.\n");
        dev.factory.testing.GitCli.bareWithCommit(tmp, "aina-academy", "README.md", "academy\n");
        writeConfig("linear", true);
    }

    private void writeConfig(String second, boolean withNotes) throws IOException {
        Files.writeString(config.resolve("factory.yaml"), "host:\n  name: files-it\n  stateDir: ../state\n  secretsDir: ../secrets\n  home: " + tmp.resolve("home") + "\n"
                + "mcp:\n  servers:\n"
                + "    sentry:\n      transport: http\n      url: https://mcp.sentry.dev/mcp\n"
                + "      headers: {Authorization: \"Bearer ${secret:sentry.env#SENTRY_AUTH_TOKEN}\"}\n"
                + "    " + second + ": {transport: http, url: https://mcp." + second + ".app/mcp}\n"
                + "  clients:\n    claude: {format: claude-json, path: ~/.claude/.mcp.json, servers: all}\n"
                + (withNotes ? "files:\n  notes: {path: ~/notes.txt, content: \"kept by factory\\n\"}\n" : "")
                + "repos:\n  aina-academy:\n    url: " + tmp.resolve("aina-academy.git").toUri() + "\n    path: " + tmp.resolve("clone")
                + "\n    agentsMd: agents/aina-academy.md\n");
    }


    @Test
    void rendersUpdatesWithADiffDeletesOnlyOwnedAndKeepsSecretsOut() throws IOException {
        var first = factory.run("apply", "--auto-approve");
        assertEquals(0, first.exitCode(), first.all());
        assertTrue(first.out().contains("+ file/claude/.mcp.json") && first.out().contains("+ file/notes")
                && first.out().contains("+ file/agents/aina-academy"), first.out());
        var json = new ObjectMapper().readTree(out.resolve(".mcp.json").toFile());
        assertEquals("Bearer ${SENTRY_AUTH_TOKEN}", json.at("/mcpServers/sentry/headers/Authorization").asText());
        assertEquals("http", json.at("/mcpServers/linear/type").asText());
        assertTrue(Files.readString(tmp.resolve("state/rendered/agents/aina-academy/AGENTS.md")).startsWith("# aina-academy"));
        var files = new ArrayList<>(List.of("file/claude/.mcp.json", "file/notes", "file/agents/aina-academy"));
        var again = factory.run("plan", "--json");
        for (String address : files) {
            assertTrue(again.out().contains("\"address\" : \"" + address + "\"") , again.out());
        }
        assertEquals(0, new ObjectMapper().readTree(again.out()).at("/summary/create").asInt() + new ObjectMapper().readTree(again.out()).at("/summary/update").asInt(),
                "the second plan is no-op for files:\n" + again.out());

        writeConfig("posthog", true);
        var diff = factory.run("plan");
        assertTrue(diff.out().contains("~ file/claude/.mcp.json") && diff.out().contains("content changed"), diff.out());
        assertTrue(diff.out().contains("-    \"linear\" : {") && diff.out().contains("+    \"posthog\" : {"), "a unified diff:\n" + diff.out());
        assertEquals(0, factory.run("apply", "--auto-approve").exitCode());

        Path stranger = tmp.resolve("home/stranger.txt");
        Files.writeString(stranger, "not factory's\n");
        writeConfig("posthog", false);
        var removed = factory.run("apply", "--auto-approve");
        assertTrue(removed.out().contains("- file/notes"), removed.out());
        assertFalse(Files.exists(tmp.resolve("home/notes.txt")), "the owned file is deleted");
        assertTrue(Files.exists(stranger) && Files.exists(out.resolve(".mcp.json")), "nothing else is touched");

        for (Cli.Run run : runs) assertFalse(run.all().contains(CANARY), "canary in CLI output");
        try (Stream<Path> walk = Files.walk(tmp)) {
            for (Path f : walk.filter(Files::isRegularFile).filter(f -> !f.startsWith(tmp.resolve("secrets"))).toList()) {
                assertFalse(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1).contains(CANARY), "canary in " + f);
            }
        }
    }

    @Test
    void anUnownedFileAtATargetIsRefusedAndKept() throws IOException {
        Files.createDirectories(out);
        Files.writeString(out.resolve(".mcp.json"), "{\"mcpServers\": {\"mine\": {}}}\n");

        var run = factory.run("apply", "--auto-approve");

        assertEquals(1, run.exitCode(), run.all());
        assertTrue(run.all().contains("exists and factory did not write it"), run.all());
        assertEquals("{\"mcpServers\": {\"mine\": {}}}\n", Files.readString(out.resolve(".mcp.json")));
    }

    @Test
    void aMissingSecretMakesTheFileUnknownNeverRenderedEmpty() throws IOException {
        Files.delete(tmp.resolve("secrets/sentry.env"));
        var plan = factory.run("plan", "--detailed-exitcode");
        assertEquals(2, plan.exitCode(), plan.all());
        assertTrue(plan.out().contains("? file/claude/.mcp.json") && plan.out().contains("sentry.env does not exist"), plan.out());
        factory.run("apply", "--auto-approve");
        assertFalse(Files.exists(out.resolve(".mcp.json")), "never rendered with the secret missing");
    }
}
