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
        try {
            Process p = new ProcessBuilder("gh", "auth", "token").redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 && !out.isEmpty()) return Optional.of(new GitHubToken(out, "gh auth token"));
        } catch (IOException e) {
            // no gh on this host
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Optional.empty();
    }
}
