package dev.factory.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.factory.testing.FakeGitHub;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The REST gateway against the local GitHub API on 127.0.0.1. */
class GitHubClientIT {
    private static final String TOKEN = "ghs_ClientItToken0123456789abcdefABCDEF";
    private static final GitHubClient.Scope REPO = new GitHubClient.Scope("ainative-academy", "aina-academy");

    private static GitHubClient client(FakeGitHub fake, String token, List<String> log) {
        return new GitHubClient(URI.create(fake.url()), new GitHubToken(token, "test"),
                new GitHubClient.Options(3, Duration.ofSeconds(5), Duration.ofSeconds(5)), log::add);
    }

    @Test
    void listsEveryPage() throws Exception {
        try (var fake = new FakeGitHub(TOKEN)) {
            for (int i = 0; i < 250; i++) fake.add(REPO.toString(), "r-" + i, "online", false, List.of("self-hosted"));
            var runners = client(fake, TOKEN, new ArrayList<>()).listRunners(REPO);
            assertEquals(250, runners.size());
            assertEquals(3, fake.requests.get(), "three pages of 100");
        }
    }

    @Test
    void tokensJitConfigsAndDeletes() throws Exception {
        try (var fake = new FakeGitHub(TOKEN)) {
            var client = client(fake, TOKEN, new ArrayList<>());
            var token = client.registrationToken(REPO);
            assertTrue(token.expiresAt().isAfter(Instant.now().plusSeconds(3500)), "a one-hour registration token");
            assertFalse(token.toString().contains(token.token()), "toString never shows a token");
            var jit = client.generateJitConfig(REPO, "slot-1", 1, List.of("self-hosted", "vds"), "_work");
            assertEquals("slot-1", jit.runner().name());
            var dup = assertThrows(GitHubException.class, () -> client.generateJitConfig(REPO, "slot-1", 1, List.of(), "_work"));
            assertEquals(409, dup.status());
            fake.byName("slot-1").busy = true;
            var busy = assertThrows(GitHubException.class, () -> client.deleteRunner(REPO, jit.runner().id()));
            assertEquals(422, busy.status());
            fake.byName("slot-1").busy = false;
            client.deleteRunner(REPO, jit.runner().id());
            assertEquals(0, fake.runners(REPO.toString()).size());
        }
    }

    @Test
    void failuresAreRetriedOrExplainedWithoutTheToken() throws Exception {
        try (var fake = new FakeGitHub(TOKEN)) {
            var log = new ArrayList<String>();
            fake.failNext(2, 500);
            assertEquals(0, client(fake, TOKEN, log).listRunners(REPO).size());
            assertEquals(2, log.size(), "two retries logged: " + log);
            fake.failNext(10, 500);
            var down = assertThrows(GitHubException.class, () -> client(fake, TOKEN, new ArrayList<>()).listRunners(REPO));
            assertTrue(down.getMessage().contains("failed after 4 attempts (HTTP 500)"), down.getMessage());
            fake.failNext(0, 500);
            var bad = assertThrows(GitHubException.class, () -> client(fake, "ghs_wrong-token-value", new ArrayList<>()).listRunners(REPO));
            assertEquals(401, bad.status());
            assertTrue(bad.getMessage().contains("Bad credentials") && bad.getMessage().contains("not valid"), bad.getMessage());
            assertFalse(bad.getMessage().contains("ghs_wrong") || String.join(" ", log).contains(TOKEN));
        }
    }
}
