package dev.factory.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.factory.engine.port.ContainerEngine;
import dev.factory.engine.port.MountSpec;
import dev.factory.kinds.container.OneShot;
import dev.factory.kinds.container.ProfileSpec;
import dev.factory.kinds.mcp.McpClient;
import dev.factory.kinds.mcp.McpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The checks only the agents' own tools can make, inside a profile's running container: each
 * agent CLI starts, loads the file factory rendered for it and lists every declared server; each
 * stdio server answers an MCP handshake and lists its tools.
 */
final class AgentChecks {
    static final Duration CLI_TIMEOUT = Duration.ofSeconds(60);
    static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(45);
    private static final ObjectMapper JSON = new ObjectMapper();

    private AgentChecks() {}

    /** The CLI a client format belongs to. */
    static String cli(McpClient.Format format) {
        return switch (format) {
            case CODEX_TOML -> "codex";
            case CLAUDE_JSON -> "claude";
            case COPILOT_JSON -> "copilot";
        };
    }

    /**
     * Where {@code client}'s rendered file is inside the container: the target of the mount whose
     * source it is, or under the target of a mounted directory that holds it. The file's own mount wins.
     */
    static Optional<String> mountedAt(ProfileSpec profile, McpClient client) {
        Path file = client.path().normalize();
        Optional<String> inDir = Optional.empty();
        for (MountSpec m : profile.mounts()) {
            if (m.type() != MountSpec.Type.BIND) continue;
            Path source = Path.of(m.source()).normalize();
            if (source.equals(file)) return Optional.of(m.target());
            if (inDir.isEmpty() && file.startsWith(source)) {
                inDir = Optional.of(m.target().replaceAll("/+$", "") + "/" + source.relativize(file).toString().replace('\\', '/'));
            }
        }
        return inDir;
    }

    static void clients(OneShot.Container probe, ProfileSpec profile, List<McpClient> clients, List<Check> checks) {
        String p = profile.name();
        Map<String, Boolean> starts = new LinkedHashMap<>();
        for (McpClient client : clients) {
            String cli = cli(client.format());
            if (!starts.containsKey(cli)) {
                var version = sh(probe, cli + " --version 2>&1", CLI_TIMEOUT);
                boolean ok = version.exitCode() == 0 && !version.output().isBlank();
                starts.put(cli, ok);
                checks.add(ok ? Check.ok(p, "cli " + cli, firstLine(version.output()))
                        : Check.deaf(p, "cli " + cli, cli + " does not start in image " + profile.image()
                                + (version.output().isBlank() ? "" : " (" + firstLine(version.output()) + ")") + "; install it in the image"));
            }
            if (!starts.get(cli)) {
                checks.add(Check.unknown(p, "config " + client.name(), cli + " does not start, so it cannot say what it loads"));
                continue;
            }
            var target = mountedAt(profile, client);
            if (target.isEmpty()) {
                checks.add(Check.deaf(p, "config " + client.name(), client.path() + " is not mounted into profile " + p
                        + "; add a mount with that source"));
                continue;
            }
            var listed = listed(probe, client, target.get());
            if (listed.error() != null) {
                checks.add(Check.deaf(p, "config " + client.name(), cli + " did not load " + target.get() + ": " + listed.error()));
                continue;
            }
            var missing = new ArrayList<>(client.servers());
            missing.removeAll(listed.names());
            listed.warnings().forEach((server, warning) -> checks.add(Check.deaf(p, "mcp " + server + " config", cli + " says: " + warning
                    + (warning.contains("environment variable") ? "; set it in profile " + p + "'s env" : "; fix the server in the mcp section"))));
            if (missing.isEmpty()) {
                checks.add(Check.ok(p, "config " + client.name(), cli + " loads " + target.get() + ": " + listed.names().size()
                        + " server" + (listed.names().size() == 1 ? "" : "s") + (client.servers().isEmpty() ? ", none declared" : ", all declared")));
            } else {
                checks.add(Check.deaf(p, "config " + client.name(), cli + " loads " + target.get() + " but does not list "
                        + String.join(", ", missing) + "; run factory apply to render it again, then check the CLI's version"));
            }
        }
    }

    /** @param warnings what the CLI said is wrong with a server it loaded, by server name */
    record Listed(List<String> names, String error, Map<String, String> warnings) {
        Listed(List<String> names, String error) {
            this(names, error, Map.of());
        }
    }

    private static final java.util.regex.Pattern CLAUDE_DIAGNOSTIC = java.util.regex.Pattern.compile("\\[(Warning|Error)\\] \\[([^\\]]+)\\] (.*)");

    /** The servers the CLI itself reports from the rendered file. */
    static Listed listed(OneShot.Container probe, McpClient client, String target) {
        String dir = Path.of(target).getParent() == null ? "/" : Path.of(target).getParent().toString();
        return switch (client.format()) {
            case CODEX_TOML -> codexList(sh(probe, "CODEX_HOME=" + Doctor.quote(dir) + " codex mcp list --json 2>/dev/null", CLI_TIMEOUT));
            case CLAUDE_JSON -> claudeList(sh(probe, claudeListScript(target), CLI_TIMEOUT));
            case COPILOT_JSON -> codexList(sh(probe, "COPILOT_HOME=$(mktemp -d) && cp " + Doctor.quote(target)
                    + " \"$COPILOT_HOME/mcp-config.json\" && copilot mcp list --json 2>/dev/null", CLI_TIMEOUT));
        };
    }

    /**
     * Claude Code lists a project's .mcp.json: the rendered file is copied into a scratch project with a
     * scratch config dir, so the mounted ~/.claude is never written. Its servers stay unapproved there,
     * so the CLI lists and diagnoses them without starting any (the handshakes are doctor's own).
     */
    static String claudeListScript(String target) {
        return "d=$(mktemp -d 2>/dev/null || mktemp -d -p /dev/shm 2>/dev/null || mktemp -d -p \"$HOME\") && cp " + Doctor.quote(target) + " \"$d/.mcp.json\" && mkdir -p \"$d/config\""
                + " && cd \"$d\" && CLAUDE_CONFIG_DIR=\"$d/config\" claude mcp list 2>&1; rc=$?; rm -rf \"$d\"; exit $rc";
    }

    /** {@code codex mcp list --json}: an array of servers with a name each. */
    static Listed codexList(ContainerEngine.ExecResult r) {
        if (r.exitCode() != 0) return new Listed(List.of(), "exit " + r.exitCode() + (r.output().isBlank() ? "" : ": " + firstLine(r.output())));
        try {
            String out = r.output();
            int start = out.startsWith("[") ? 0 : out.indexOf("\n[") + 1;
            JsonNode json = JSON.readTree(out.substring(start));
            if (!json.isArray()) throw new IOException("not a list");
            var names = new ArrayList<String>();
            json.forEach(s -> names.add(s.path("name").asText()));
            return new Listed(names, null);
        } catch (IOException | RuntimeException e) {
            return new Listed(List.of(), "its list was not JSON (" + firstLine(r.output()) + ")");
        }
    }

    /** {@code claude mcp list}: one line per server, {@code NAME: COMMAND-OR-URL - STATUS}. */
    static Listed claudeList(ContainerEngine.ExecResult r) {
        if (r.exitCode() != 0) return new Listed(List.of(), "exit " + r.exitCode() + (r.output().isBlank() ? "" : ": " + firstLine(r.output())));
        var names = new ArrayList<String>();
        var warnings = new LinkedHashMap<String, String>();
        for (String line : r.output().split("\n")) {
            var diagnostic = CLAUDE_DIAGNOSTIC.matcher(line);
            if (diagnostic.find()) {
                warnings.merge(diagnostic.group(2), diagnostic.group(3).strip(), (a, b) -> a + "; " + b);
                continue;
            }
            int colon = line.indexOf(": ");
            if (colon <= 0 || !line.contains(" - ")) continue;
            String name = line.substring(0, colon).strip();
            if (name.matches("[A-Za-z0-9_.-]+")) names.add(name);
        }
        return new Listed(names, null, warnings);
    }

    /** Every stdio server: an MCP initialize and tools/list answered within the timeout, with the image's node. */
    /** Every stdio server: an MCP initialize and tools/list answered within the timeout, spoken through the container's exec. */
    static void handshakes(OneShot.Container probe, ProfileSpec profile, List<McpServer> servers, List<Check> checks) {
        for (McpServer s : servers) {
            if (s.transport() != McpServer.Transport.STDIO) continue;
            McpHandshake.Result result;
            try (var conversation = probe.converse(McpHandshake.launcher(s), Map.of())) {
                result = McpHandshake.run(conversation, HANDSHAKE_TIMEOUT);
            } catch (RuntimeException e) {
                result = McpHandshake.Result.failed("could not start it in the container: " + e.getMessage(), "");
            }
            checks.add(handshake(profile.name(), s, result));
        }
    }

    static Check handshake(String profile, McpServer s, McpHandshake.Result result) {
        String connection = "mcp " + s.name();
        if (result.ok()) {
            int tools = result.tools();
            return Check.ok(profile, connection, "answers MCP " + result.protocol() + " as " + result.server() + ": " + tools + " tool" + (tools == 1 ? "" : "s"));
        }
        String stderr = result.stderr() == null ? "" : result.stderr().lines().map(String::strip).filter(l -> !l.isEmpty())
                .filter(l -> !l.endsWith(McpHandshake.NOT_ON_PATH)).reduce((a, b) -> b).orElse("");
        if (stderr.length() > 200) stderr = stderr.substring(0, 200) + "...";
        String fix = result.error().endsWith(McpHandshake.NOT_ON_PATH) ? "; install it in the image" : "; run it by hand in the image to see why";
        return Check.deaf(profile, connection, result.error() + (stderr.isBlank() ? "" : " (stderr: " + stderr + ")") + fix);
    }

    static String firstLine(String s) {
        return s.strip().lines().findFirst().orElse("");
    }

    static ContainerEngine.ExecResult sh(OneShot.Container probe, String script, Duration timeout) {
        return probe.exec(List.of("sh", "-c", script), timeout);
    }
}
