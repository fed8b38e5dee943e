package dev.factory.doctor;

import dev.factory.kinds.mcp.McpSection;
import dev.factory.config.Desired;
import dev.factory.engine.port.ContainerEngine;
import dev.factory.engine.port.MountSpec;
import dev.factory.kinds.container.OneShot;
import dev.factory.kinds.container.ProfileSpec;
import dev.factory.kinds.mcp.McpClient;
import dev.factory.kinds.mcp.McpServer;
import dev.factory.secrets.SecretStore;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * {@code factory doctor}: for each profile, start its real container and check that every
 * connection it declares crosses the boundary: mounts with their modes, auth caches, secret
 * files, loopback APIs under its network, MCP commands and URLs. A connection that does not
 * work is "deaf"; one that could not be checked is "unknown".
 */
public final class Doctor {
    private static final Duration EXEC_TIMEOUT = Duration.ofSeconds(20);

    private final OneShot oneShot;

    public Doctor(OneShot oneShot) {
        this.oneShot = oneShot;
    }

    public List<Check> examine(Desired desired, ProfileSpec profile) {
        var checks = new ArrayList<Check>();
        String p = profile.name();
        var servers = servers(desired, profile);
        hostChecks(desired, profile, servers, checks);
        EgressChecks.open(profile).ifPresent(checks::add);

        String name = "factory-doctor-" + p + "-" + UUID.randomUUID().toString().substring(0, 6);
        OneShot.Container probe;
        try {
            // the probe writes nothing: no seeds (the git guard it checks is put in)
            probe = oneShot.create(desired, OneShot.Request.of(name, "doctor", profile.withSeeds(List.of()), List.of("sleep", "600")));
        } catch (OneShot.NoImage e) {
            inContainerUnknown(profile, servers, "container not started: " + e.why(), checks);
            return checks;
        } catch (Exception e) {
            inContainerUnknown(profile, servers, "container did not start: " + e.getMessage(), checks);
            return checks;
        }
        try (probe) {
            probe.start();
            containerChecks(probe, desired, profile, servers, checks);
        } catch (Exception e) {
            inContainerUnknown(profile, servers, "container did not start: " + e.getMessage(), checks);
        }
        return checks;
    }

    private static List<McpServer> servers(Desired desired, ProfileSpec profile) {
        var out = new LinkedHashSet<McpServer>();
        for (String c : profile.mcpClients()) {
            McpClient client = desired.get(McpSection.SECTION).clients().get(c);
            if (client != null) client.servers().forEach(s -> out.add(desired.get(McpSection.SECTION).servers().get(s)));
        }
        return new ArrayList<>(out);
    }

    private void hostChecks(Desired desired, ProfileSpec profile, List<McpServer> servers, List<Check> checks) {
        String p = profile.name();
        Instant now = Instant.now();
        for (MountSpec m : profile.mounts()) {
            if (m.type() != MountSpec.Type.BIND) continue;
            Path source = Path.of(m.source());
            String name = source.getFileName() == null ? "" : source.getFileName().toString();
            Path claude = name.equals(".credentials.json") ? source : name.equals(".claude") ? source.resolve(".credentials.json") : null;
            Path codex = name.equals("auth.json") ? source : name.equals(".codex") ? source.resolve("auth.json") : null;
            if (claude != null) checks.add(verdict(p, "auth claude", AuthCaches.claude(claude, now)));
            if (codex != null) checks.add(verdict(p, "auth codex", AuthCaches.codex(codex, now)));
        }
        SecretStore secrets = desired.secrets();
        Set<Path> secretFiles = new LinkedHashSet<>(profile.envFiles());
        profile.env().values().forEach(v -> secretFiles.addAll(secrets.filesIn(v)));
        for (McpServer s : servers) {
            s.env().values().forEach(v -> secretFiles.addAll(secrets.filesIn(v)));
            s.headers().values().forEach(v -> secretFiles.addAll(secrets.filesIn(v)));
        }
        for (Path f : secretFiles) {
            String connection = "secret " + f.getFileName();
            if (!Files.isReadable(f)) checks.add(Check.deaf(p, connection, f + " is missing or not readable"));
            else SecretStore.looseMode(f).ifPresentOrElse(w -> checks.add(Check.deaf(p, connection, w)),
                    () -> checks.add(Check.ok(p, connection, f + " readable, mode 0600")));
        }
        Path claudeCredentials = claudeCredentials(desired, profile);
        for (McpServer s : servers) {
            if (s.transport() != McpServer.Transport.HTTP) continue;
            String problem = urlProblem(s.url());
            checks.add(problem == null ? Check.ok(p, "mcp " + s.name(), s.url() + " well-formed")
                    : Check.deaf(p, "mcp " + s.name(), problem));
            checks.add(token(profile, s, claudeCredentials, now));
        }
    }

    /** How a hosted server authenticates in this profile: a bearer variable in its env, its own token cache, or Claude's OAuth store. */
    static Check token(ProfileSpec profile, McpServer s, Path claudeCredentials, Instant now) {
        String p = profile.name();
        String connection = "mcp " + s.name() + " token";
        var variables = new ArrayList<String>();
        if (s.bearerTokenEnv() != null) variables.add(s.bearerTokenEnv());
        s.headers().values().forEach(v -> dev.factory.secrets.SecretRef.findIn(v).forEach(r -> variables.add(McpServer.variableOf(r.text()))));
        if (!variables.isEmpty()) {
            var unset = variables.stream().filter(v -> v != null && !profile.env().containsKey(v)).toList();
            return unset.isEmpty() ? Check.ok(p, connection, "sent from " + String.join(", ", variables) + " in the container's env")
                    : Check.deaf(p, connection, String.join(", ", unset) + " is not in profile " + p + "'s env; add it there");
        }
        if (s.tokenCache() != null) return verdict(p, connection, AuthCaches.tokenCache(s.tokenCache(), now));
        if (claudeCredentials != null) return verdict(p, connection, AuthCaches.claudeMcp(claudeCredentials, s.name(), s.url(), now));
        return Check.unknown(p, connection, "no token cache is known for it: set tokenCache, or mount Claude's config dir");
    }

    /** Claude's credentials on the host, when the profile renders for Claude and mounts its config dir. */
    private static Path claudeCredentials(Desired desired, ProfileSpec profile) {
        boolean claude = profile.mcpClients().stream().map(c -> desired.get(McpSection.SECTION).clients().get(c))
                .anyMatch(c -> c != null && c.format() == McpClient.Format.CLAUDE_JSON);
        if (!claude) return null;
        for (MountSpec m : profile.mounts()) {
            Path source = Path.of(m.source());
            if (m.type() == MountSpec.Type.BIND && source.getFileName() != null && source.getFileName().toString().equals(".claude")) {
                return source.resolve(".credentials.json");
            }
        }
        return null;
    }

    private static Check verdict(String profile, String connection, AuthCaches.Verdict v) {
        return v.ok() ? Check.ok(profile, connection, v.detail()) : Check.deaf(profile, connection, v.detail());
    }

    static String urlProblem(String url) {
        try {
            URI u = new URI(url);
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) return "'" + url + "' is not an http(s) URL";
            if (u.getHost() == null || u.getHost().isBlank()) return "'" + url + "' has no host";
            return null;
        } catch (Exception e) {
            return "'" + url + "' is not a URL (" + e.getMessage() + ")";
        }
    }

    private void containerChecks(OneShot.Container probe, Desired desired, ProfileSpec profile, List<McpServer> servers, List<Check> checks) {
        String p = profile.name();
        for (MountSpec m : profile.mounts()) {
            String t = quote(m.target());
            String connection = "mount " + m.target() + " (" + (m.readOnly() ? "ro" : "rw") + ")";
            if (sh(probe, "test -e " + t).exitCode() != 0) {
                checks.add(Check.deaf(p, connection, "not present in the container"));
                continue;
            }
            String marker = t + "/.factory-doctor-" + UUID.randomUUID().toString().substring(0, 6);
            boolean writable = sh(probe, "if [ -d " + t + " ]; then touch " + marker + " && rm -f " + marker + "; else test -w " + t + "; fi").exitCode() == 0;
            if (m.readOnly()) {
                checks.add(writable ? Check.deaf(p, connection, "declared read-only but writable") : Check.ok(p, connection, "present, a write fails"));
            } else {
                checks.add(writable ? Check.ok(p, connection, "present, a write succeeds")
                        : Check.deaf(p, connection, "declared read-write but " + profile.user() + " cannot write it; fix the owner or mode of " + m.source()));
            }
        }
        for (var e : profile.endpoints().entrySet()) {
            var r = sh(probe, probeScript(e.getValue()));
            checks.add(r.exitCode() == 0 ? Check.ok(p, "endpoint " + e.getKey(), e.getValue() + " answers on network " + profile.network())
                    : Check.deaf(p, "endpoint " + e.getKey(), e.getValue() + " does not answer on network " + profile.network()
                            + (r.output().isBlank() ? "" : " (" + r.output().lines().findFirst().orElse("") + ")")));
        }
        if (profile.git() != null) checks.add(gitGuard(probe, profile));
        if (profile.egressEnforced()) EgressChecks.inContainer(probe, profile, checks);
        AgentChecks.clients(probe, profile, clients(desired, profile), checks);
        AgentChecks.handshakes(probe, profile, servers, checks);
    }

    /** The guard is the git on the PATH, refuses its first rule as written (in an empty dir: nothing there to lose) and runs the real git. */
    static Check gitGuard(OneShot.Container probe, ProfileSpec profile) {
        String rule = profile.git().deny().isEmpty() ? null : profile.git().deny().get(0).strip();
        String script = "cd \"$(mktemp -d)\" && echo \"which=$(command -v git)\"; "
                + (rule == null ? "" : "git " + rule + " 2>&1; echo \"refused=$?\"; ") + "git --version";
        var r = sh(probe, script);
        String out = r.output();
        String connection = "git guard";
        if (!out.contains("which=" + dev.factory.kinds.container.GitGuard.PATH + "\n")) {
            return Check.deaf(profile.name(), connection, "git on the PATH is not the guard at " + dev.factory.kinds.container.GitGuard.PATH
                    + " (" + out.lines().filter(l -> l.startsWith("which=")).findFirst().orElse("which=?").substring(6)
                    + "); put /usr/local/bin before /usr/bin in the image's PATH");
        }
        if (rule != null && !out.contains("refused=" + dev.factory.kinds.container.GitGuard.REFUSED + "\n")) {
            return Check.deaf(profile.name(), connection, "'git " + rule + "' was not refused");
        }
        String version = out.lines().filter(l -> l.startsWith("git version")).findFirst().orElse(null);
        if (r.exitCode() != 0 || version == null) {
            return Check.deaf(profile.name(), connection, "the real git does not run: " + out.lines().reduce((a, b) -> b).orElse("no output"));
        }
        return Check.ok(profile.name(), connection, (rule == null ? "no rules" : "refuses 'git " + rule + "'") + "; runs " + profile.git().binary()
                + " for the rest (" + version + ")");
    }

    private static List<McpClient> clients(Desired desired, ProfileSpec profile) {
        return profile.mcpClients().stream().map(c -> desired.get(McpSection.SECTION).clients().get(c)).filter(java.util.Objects::nonNull).toList();
    }

    /** curl when the image has it; else, for plain http, a GET over nc; else wget. The first that exists decides. */
    static String probeScript(String url) {
        String q = quote(url);
        var script = new StringBuilder("if command -v curl >/dev/null; then curl -fsS -m 5 -o /dev/null " + q + "; ");
        try {
            URI u = new URI(url);
            if ("http".equals(u.getScheme()) && u.getHost() != null) {
                int port = u.getPort() > 0 ? u.getPort() : 80;
                String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
                String request = quote("GET " + path + " HTTP/1.0\\r\\nHost: " + u.getHost() + "\\r\\n\\r\\n");
                script.append("elif command -v nc >/dev/null; then printf ").append(request).append(" | nc -w 5 ")
                        .append(quote(u.getHost())).append(' ').append(port).append(" | head -n 1 | grep -q ' [23][0-9][0-9]'; ");
            }
        } catch (java.net.URISyntaxException e) {
            // the wget branch reports it
        }
        return script.append("else wget -q -T 5 -O /dev/null ").append(q).append("; fi").toString();
    }

    private static void inContainerUnknown(ProfileSpec profile, List<McpServer> servers, String why, List<Check> checks) {
        String p = profile.name();
        profile.mounts().forEach(m -> checks.add(Check.unknown(p, "mount " + m.target(), why)));
        profile.endpoints().keySet().forEach(e -> checks.add(Check.unknown(p, "endpoint " + e, why)));
        if (profile.git() != null) checks.add(Check.unknown(p, "git guard", why));
        if (profile.egressEnforced()) {
            for (String c : List.of("egress allowed", "egress denied", "egress private", "egress direct")) {
                checks.add(Check.deaf(p, c, "egress open? unproven: " + why + "; run factory apply (egress/" + p + ")"));
            }
        }
        servers.stream().filter(s -> s.transport() == McpServer.Transport.STDIO).forEach(s -> checks.add(Check.unknown(p, "mcp " + s.name(), why)));
    }

    private static ContainerEngine.ExecResult sh(OneShot.Container probe, String script) {
        return AgentChecks.sh(probe, script, EXEC_TIMEOUT);
    }

    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
