package dev.factory.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CredentialScanTest {
    private static final String TOKEN = "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8";

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path tmp;

    private YamlDocument document(String name, String yaml) throws java.io.IOException {
        var file = java.nio.file.Files.writeString(tmp.resolve(name), yaml);
        return YamlReader.read(file, file, new Diagnostics()).orElseThrow();
    }

    @Test
    void aFindingIsLocatedWhereItsStringIsWrittenAKeyAtTheKeyAValueAtTheValue() throws Exception {
        var doc = document("f.yaml", "files:\n  motd: {path: /tmp/m, content: \"" + TOKEN + "\"}\n"
                + "volumes:\n  data:\n    labels:\n      " + TOKEN + ": x\n");
        var findings = CredentialScan.findings(doc);
        assertEquals(2, findings.size(), findings.toString());
        assertEquals(new SourceLocation(doc.file(), 2, 33), findings.get(0).at(), "the value, not its key 'content'");
        assertEquals("files.motd.content", findings.get(0).path());
        assertEquals(new SourceLocation(doc.file(), 6, 7), findings.get(1).at(), "the key itself");
        assertTrue(findings.get(1).problem().contains("GitHub token"));
    }

    @Test
    void keptFindingsBelongToTheirOwnDocument() throws Exception {
        var kept = new YamlReader.Kept();
        var clean = document("a.yaml", "volumes: {data: {}}\n");
        kept.put(clean.file(), clean.file(), new byte[0], new byte[32], clean);
        var other = document("a.yaml", "files:\n  motd: {path: /tmp/m, content: \"" + TOKEN + "\"}\n");   // the same path, re-read
        assertEquals(1, kept.findings(other).size(), "a document that is not the kept one is scanned itself");
        assertTrue(kept.findings(clean).isEmpty(), "and what it found is not kept as the kept one's");
    }

    @Test
    void theKeptDocumentsAreBounded() throws Exception {
        var kept = new YamlReader.Kept();
        var doc = document("a.yaml", "volumes: {data: {}}\n");
        byte[] bytes = {1};
        for (int i = 0; i < YamlReader.Kept.MAX_FILES; i++) kept.put(tmp.resolve("f" + i), tmp.resolve("f" + i), bytes, new byte[32], doc);
        assertTrue(kept.get(tmp.resolve("f0"), tmp.resolve("f0"), bytes) != null, "as many as the bound: all kept (f0 used just now)");
        kept.put(tmp.resolve("one-more"), tmp.resolve("one-more"), bytes, new byte[32], doc);
        assertNull(kept.get(tmp.resolve("f1"), tmp.resolve("f1"), bytes), "one more: the least recently used goes");
        assertTrue(kept.get(tmp.resolve("f0"), tmp.resolve("f0"), bytes) != null);
        assertTrue(kept.get(tmp.resolve("one-more"), tmp.resolve("one-more"), bytes) != null);
    }

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
