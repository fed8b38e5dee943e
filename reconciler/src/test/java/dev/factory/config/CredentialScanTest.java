package dev.factory.config;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CredentialScanTest {
    private static final String TOKEN = "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8";

    @Test
    void aCredentialShapedLiteralIsRefusedInAnyField() {
        for (String pointer : new String[] {"/repos/r/url", "/mcp/servers/s/args/0", "/mcp/servers/s/url", "/files/f/content",
                "/services/s/command/2", "/schedule/drift/webhook", "/jobs/j/command/0", "/profiles/p/env/X"}) {
            String problem = CredentialScan.problem("prefix " + TOKEN + " suffix", pointer, false);
            assertTrue(problem != null && problem.contains("a GitHub token"), pointer + ": " + problem);
            assertTrue(!problem.contains(TOKEN), "the value is never echoed");
        }
        assertTrue(CredentialScan.problem(TOKEN, "/files/f", true).contains("GitHub token"), "a key is scanned too");
    }

    @Test
    void aPasswordInAUrlsUserinfoIsRefused() {
        assertTrue(CredentialScan.problem("https://x-access-token:hunter2@github.com/org/r.git", "/repos/r/url", false).contains("userinfo"));
        assertTrue(CredentialScan.problem("see https://bob:pw@host/x", "/files/f/content", false).contains("userinfo"));
        assertNull(CredentialScan.problem("ssh://git@github.com/org/r.git", "/repos/r/url", false), "a user without a password is fine");
        assertNull(CredentialScan.problem("https://github.com/org/r.git", "/repos/r/url", false));
        assertNull(CredentialScan.problem("git@github.com:org/r.git", "/repos/r/url", false));
        assertNull(CredentialScan.problem("http://127.0.0.1:3100/", "/profiles/p/endpoints/paperclip", false), "a port is not a password");
    }

    @Test
    void aReferenceIsRefusedWhereNothingExpandsIt() {
        assertNull(CredentialScan.problem("${secret:gh.env#TOKEN}", "/profiles/lane/env/GH_TOKEN", false));
        assertNull(CredentialScan.problem("Bearer ${secret:s.env#T}", "/mcp/servers/sentry/headers/Authorization", false));
        assertNull(CredentialScan.problem("${env:X}", "/mcp/servers/gh/env/GITHUB_TOKEN", false));
        assertNull(CredentialScan.problem("${secret:slack.env#HOOK}", "/schedule/drift/webhook", false));
        for (String pointer : new String[] {"/repos/r/url", "/mcp/servers/s/url", "/mcp/servers/s/args/1", "/files/f/content",
                "/services/s/command/0", "/profiles/p/env", "/profiles/p/envFiles/0"}) {
            String problem = CredentialScan.problem("x ${secret:a.env#K} y", pointer, false);
            assertTrue(problem != null && problem.contains("used as written, never expanded"), pointer + ": " + problem);
        }
        assertTrue(CredentialScan.problem("${env:X}", "/profiles/p/env/${env:X}", true).contains("never expanded"), "never in a key");
    }

    @Test
    void ordinaryValuesPass() {
        for (String v : new String[] {"node:22-bookworm", "sha256:" + "0123456789abcdef".repeat(4), "/srv/repos/aina-academy",
                "pnpm install --frozen-lockfile", "https://mcp.sentry.dev/mcp", "0 */10 * * * ?", "FROM debian:bookworm-slim"}) {
            assertNull(CredentialScan.problem(v, "/x/y", false), v);
        }
    }
}
