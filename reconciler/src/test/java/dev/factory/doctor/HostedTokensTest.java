package dev.factory.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.kinds.mcp.McpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How doctor decides a hosted MCP server can authenticate from inside a container. */
class HostedTokensTest {
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private static final String REAUTH = "re-auth on the host: run claude on the host, then /mcp, choose linear and Authenticate";

    @TempDir
    Path dir;

    static McpServer http(String name, String url, String bearerEnv, Map<String, String> headers, Path tokenCache) {
        return new McpServer(name, McpServer.Transport.HTTP, null, List.of(), Map.of(), null, url, headers, bearerEnv, tokenCache,
                List.of(), List.of(), null, null);
    }

    private Path credentials(String json) throws Exception {
        return Files.writeString(dir.resolve(".credentials.json"), json);
    }

    private static String entry(String name, String url, String access, String refresh, long expiresAt) {
        return "{\"serverName\":\"" + name + "\",\"serverUrl\":\"" + url + "\",\"accessToken\":\"" + access + "\""
                + (refresh == null ? "" : ",\"refreshToken\":\"" + refresh + "\"") + ",\"expiresAt\":" + expiresAt + "}";
    }

    @Test
    void anUnexpiredClaudeTokenIsFoundByServerNameOrUrl() throws Exception {
        long later = NOW.plusSeconds(3600).toEpochMilli();
        var file = credentials("{\"claudeAiOauth\":{},\"mcpOAuth\":{\"linear|1a2b\":" + entry("linear", "https://mcp.linear.app/mcp", "tok", null, later)
                + ",\"x|9\":" + entry("renamed", "https://mcp.sentry.dev/mcp", "tok", null, later) + "}}");
        var linear = AuthCaches.claudeMcp(file, "linear", "https://mcp.linear.app/mcp", NOW);
        assertTrue(linear.ok(), linear.detail());
        assertEquals(file + " valid until 2026-11-26T13:00:00Z", linear.detail());
        assertTrue(AuthCaches.claudeMcp(file, "sentry", "https://mcp.sentry.dev/mcp", NOW).ok(), "found by its URL under another name");
    }

    @Test
    void aMissingOrDeadTokenNamesTheReauthCommand() throws Exception {
        var none = AuthCaches.claudeMcp(dir.resolve(".credentials.json"), "linear", "https://mcp.linear.app/mcp", NOW);
        assertFalse(none.ok());
        assertEquals(dir.resolve(".credentials.json") + " is missing; " + REAUTH, none.detail());

        var file = credentials("{\"mcpOAuth\":{\"sentry|1\":" + entry("sentry", "https://mcp.sentry.dev/mcp", "tok", null, 1) + "}}");
        var absent = AuthCaches.claudeMcp(file, "linear", "https://mcp.linear.app/mcp", NOW);
        assertEquals("no OAuth token for linear in " + file + "; " + REAUTH, absent.detail());

        long earlier = NOW.minusSeconds(60).toEpochMilli();
        credentials("{\"mcpOAuth\":{\"linear|1\":" + entry("linear", "https://mcp.linear.app/mcp", "tok", null, earlier) + "}}");
        var expired = AuthCaches.claudeMcp(file, "linear", "https://mcp.linear.app/mcp", NOW);
        assertFalse(expired.ok());
        assertTrue(expired.detail().contains("expired at 2026-11-26T11:59:00Z and cannot be refreshed"), expired.detail());

        credentials("{\"mcpOAuth\":{\"linear|1\":" + entry("linear", "https://mcp.linear.app/mcp", "", null, 0) + "}}");
        assertEquals("the OAuth token for linear in " + file + " was revoked; " + REAUTH,
                AuthCaches.claudeMcp(file, "linear", "https://mcp.linear.app/mcp", NOW).detail());

        credentials("not json");
        assertEquals(file + " is not readable JSON; " + REAUTH, AuthCaches.claudeMcp(file, "linear", "https://mcp.linear.app/mcp", NOW).detail());
    }

    @Test
    void anExpiredTokenWithARefreshTokenIsRenewedByTheCli() throws Exception {
        var file = credentials("{\"mcpOAuth\":{\"linear|1\":" + entry("linear", "https://mcp.linear.app/mcp", "tok", "ref", 1000) + "}}");
        var v = AuthCaches.claudeMcp(file, "linear", "https://mcp.linear.app/mcp", NOW);
        assertTrue(v.ok(), v.detail());
        assertTrue(v.detail().contains("a refresh token is there"), v.detail());
    }

    @Test
    void aBearerVariableMustBeInTheContainersEnv() {
        var github = http("github", "https://api.githubcopilot.com/mcp/", "GH_TOKEN", Map.of(), null);
        var withToken = AgentChecksTest.profile(List.of(), Map.of("GH_TOKEN", "${env:GH_TOKEN}"));
        var ok = Doctor.token(withToken, github, null, NOW);
        assertEquals(Check.Status.OK, ok.status());
        assertEquals("sent from GH_TOKEN in the container's env", ok.detail());
        assertFalse(ok.detail().contains("${env"), "names the variable, never a value");

        var deaf = Doctor.token(AgentChecksTest.profile(List.of(), Map.of()), github, null, NOW);
        assertEquals(Check.Status.DEAF, deaf.status());
        assertEquals("GH_TOKEN is not in profile agent's env; add it there", deaf.detail());

        var header = http("sentry", "https://mcp.sentry.dev/mcp", null, Map.of("Authorization", "Bearer ${env:SENTRY_TOKEN}"), null);
        assertEquals("SENTRY_TOKEN is not in profile agent's env; add it there",
                Doctor.token(AgentChecksTest.profile(List.of(), Map.of("GH_TOKEN", "x")), header, null, NOW).detail());
    }

    @Test
    void withoutABearerTheServersOwnCacheThenClaudesStoreDecides() throws Exception {
        var profile = AgentChecksTest.profile(List.of(), Map.of());
        var cache = Files.writeString(dir.resolve("linear.json"), "{\"expires_at\":" + NOW.plusSeconds(60).getEpochSecond() + "}");
        var own = Doctor.token(profile, http("linear", "https://mcp.linear.app/mcp", null, Map.of(), cache), credentials("{}"), NOW);
        assertEquals(Check.Status.OK, own.status());
        assertTrue(own.detail().startsWith(cache.toString()), "its own tokenCache wins over Claude's store: " + own.detail());

        var claude = Doctor.token(profile, http("linear", "https://mcp.linear.app/mcp", null, Map.of(), null), credentials("{}"), NOW);
        assertEquals(Check.Status.DEAF, claude.status());
        assertTrue(claude.detail().startsWith("no OAuth token for linear in "), claude.detail());

        var nowhere = Doctor.token(profile, http("linear", "https://mcp.linear.app/mcp", null, Map.of(), null), null, NOW);
        assertEquals(Check.Status.UNKNOWN, nowhere.status());
        assertEquals("mcp linear token", nowhere.connection());
    }
}
