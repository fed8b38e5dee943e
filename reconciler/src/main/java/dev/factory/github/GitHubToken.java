package dev.factory.github;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Where the GitHub token comes from: {@code GH_TOKEN}, then a token file, then {@code gh auth token}. Never printed. */
public record GitHubToken(String value, String source) {

    @Override
    public String toString() {
        return "GitHubToken[from " + source + "]";
    }

    public static Optional<GitHubToken> find(Map<String, String> env, Path tokenFile) {
        var found = lookUp(env, tokenFile);
        found.ifPresent(t -> dev.factory.secrets.Masker.register(t.value()));
        return found;
    }

    private static Optional<GitHubToken> lookUp(Map<String, String> env, Path tokenFile) {
        String fromEnv = env.get("GH_TOKEN");
        if (fromEnv != null && !fromEnv.isBlank()) return Optional.of(new GitHubToken(fromEnv.strip(), "GH_TOKEN"));
        if (tokenFile != null && Files.isReadable(tokenFile)) {
            try {
                String t = Files.readString(tokenFile).strip();
                if (!t.isEmpty()) return Optional.of(new GitHubToken(t, tokenFile.toString()));
            } catch (IOException e) {
                // fall through to gh
            }
        }
        var gh = dev.factory.runtime.Processes.run(java.util.List.of("gh", "auth", "token"), java.time.Duration.ofSeconds(10), false);
        return gh.ok() && !gh.output().isEmpty() ? Optional.of(new GitHubToken(gh.output(), "gh auth token")) : Optional.empty();
    }
}
