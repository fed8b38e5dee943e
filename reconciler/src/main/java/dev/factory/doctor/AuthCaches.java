package dev.factory.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Reads the agents' OAuth caches on the host without printing any token: present, parseable,
 * and when they carry an expiry, not expired (or refreshable). Re-auth is a host step.
 */
final class AuthCaches {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Verdict(boolean ok, String detail) {}

    private AuthCaches() {}

    /** Claude Code's {@code .credentials.json}: {@code claudeAiOauth.expiresAt} (ms) and a refresh token. */
    static Verdict claude(Path file, Instant now) {
        var json = read(file);
        if (json.isEmpty()) return new Verdict(false, problem(file, "claude login"));
        JsonNode oauth = json.get().path("claudeAiOauth");
        if (oauth.isMissingNode()) return new Verdict(false, file + " has no claudeAiOauth entry; run claude login on the host");
        return expiry(file, oauth.path("expiresAt").asLong(0) > 0 ? Instant.ofEpochMilli(oauth.get("expiresAt").asLong()) : null,
                oauth.hasNonNull("refreshToken"), now, "claude login");
    }

    /** Codex's {@code auth.json}: the access token's JWT {@code exp}, and a refresh token. */
    static Verdict codex(Path file, Instant now) {
        var json = read(file);
        if (json.isEmpty()) return new Verdict(false, problem(file, "codex login"));
        JsonNode tokens = json.get().path("tokens");
        if (tokens.isMissingNode() && !json.get().hasNonNull("OPENAI_API_KEY")) {
            return new Verdict(false, file + " holds no tokens; run codex login on the host");
        }
        return expiry(file, jwtExpiry(tokens.path("access_token").asText("")), tokens.hasNonNull("refresh_token"), now, "codex login");
    }

    /**
     * A hosted MCP server's OAuth token in Claude Code's {@code .credentials.json}: the {@code mcpOAuth}
     * entry whose serverName or serverUrl is this server's, with an access token that has not expired
     * or a refresh token to renew it.
     */
    static Verdict claudeMcp(Path credentials, String server, String url, Instant now) {
        String reauth = "run claude on the host, then /mcp, choose " + server + " and Authenticate";
        var json = read(credentials);
        if (json.isEmpty()) {
            return new Verdict(false, (Files.exists(credentials) ? credentials + " is not readable JSON" : credentials + " is missing")
                    + "; re-auth on the host: " + reauth);
        }
        JsonNode found = null;
        for (JsonNode entry : json.get().path("mcpOAuth")) {
            if (server.equals(entry.path("serverName").asText()) || url.equals(entry.path("serverUrl").asText())) found = entry;
        }
        if (found == null) return new Verdict(false, "no OAuth token for " + server + " in " + credentials + "; re-auth on the host: " + reauth);
        boolean refreshable = !found.path("refreshToken").asText("").isEmpty();
        if (found.path("accessToken").asText("").isEmpty() && !refreshable) {
            return new Verdict(false, "the OAuth token for " + server + " in " + credentials + " was revoked; re-auth on the host: " + reauth);
        }
        long expires = found.path("expiresAt").asLong(0);
        return expiry(credentials, expires > 0 ? Instant.ofEpochMilli(expires) : null, refreshable, now, reauth);
    }

    /** A hosted MCP server's token cache: any of expires_at / expiresAt / expiry (seconds, milliseconds or ISO-8601). */
    static Verdict tokenCache(Path file, Instant now) {
        var json = read(file);
        if (json.isEmpty()) return new Verdict(false, problem(file, "the server's OAuth sign-in"));
        Instant expires = null;
        for (String key : new String[] {"expires_at", "expiresAt", "expiry"}) {
            JsonNode v = json.get().findValue(key);
            if (v == null) continue;
            if (v.isNumber()) expires = v.asLong() > 100_000_000_000L ? Instant.ofEpochMilli(v.asLong()) : Instant.ofEpochSecond(v.asLong());
            else if (v.isTextual()) {
                try {
                    expires = Instant.parse(v.asText());
                } catch (RuntimeException e) {
                    // an unreadable date is treated as no expiry
                }
            }
            break;
        }
        return expiry(file, expires, json.get().findValue("refresh_token") != null || json.get().findValue("refreshToken") != null,
                now, "the server's OAuth sign-in");
    }

    private static Verdict expiry(Path file, Instant expires, boolean refreshable, Instant now, String reauth) {
        if (expires == null || expires.isAfter(now)) {
            return new Verdict(true, file + (expires == null ? " present" : " valid until " + expires));
        }
        if (refreshable) return new Verdict(true, file + " access token expired at " + expires + "; a refresh token is there, the CLI renews it");
        return new Verdict(false, file + " expired at " + expires + " and cannot be refreshed; re-run " + reauth + " on the host");
    }

    private static Optional<JsonNode> read(Path file) {
        try {
            return Optional.of(JSON.readTree(Files.readString(file)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String problem(Path file, String reauth) {
        return Files.exists(file) ? file + " is not readable JSON; re-run " + reauth + " on the host"
                : file + " is missing; run " + reauth + " on the host";
    }

    static Instant jwtExpiry(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) return null;
        try {
            JsonNode claims = JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            return claims.hasNonNull("exp") ? Instant.ofEpochSecond(claims.get("exp").asLong()) : null;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }
}
