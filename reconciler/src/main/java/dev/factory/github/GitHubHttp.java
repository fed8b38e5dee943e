package dev.factory.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * GitHub's REST transport: the token in a header (never in a message or a log), 5xx retried with
 * exponential backoff, rate limits ({@code Retry-After}, {@code x-ratelimit-reset}) waited out up
 * to a bound, pages followed by their {@code Link: rel="next"}.
 */
final class GitHubHttp {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"");

    private final URI base;
    private final GitHubToken token;
    private final GitHubClient.Options options;
    private final Consumer<String> log;
    private final HttpClient http;

    GitHubHttp(URI base, GitHubToken token, GitHubClient.Options options, Consumer<String> log) {
        this.base = URI.create(base.toString().replaceAll("/+$", ""));
        this.token = token;
        this.options = options;
        this.log = log;
        this.http = HttpClient.newBuilder().connectTimeout(options.timeout()).build();
    }

    /** Every item of every page from {@code first}; {@code items} picks the array out of a page. */
    List<JsonNode> paginate(String first, String what, UnaryOperator<JsonNode> items) throws GitHubException {
        var out = new ArrayList<JsonNode>();
        String next = first;
        while (next != null) {
            var response = send("GET", next, null);
            items.apply(read(response, what)).forEach(out::add);
            next = response.headers().firstValue("Link").map(l -> {
                var m = NEXT.matcher(l);
                return m.find() ? m.group(1) : null;
            }).orElse(null);
        }
        return out;
    }

    HttpResponse<String> send(String method, String pathOrUrl, String body) throws GitHubException {
        URI uri = pathOrUrl.startsWith("http") ? URI.create(pathOrUrl) : URI.create(base + pathOrUrl);
        long backoff = 500;
        String last = "no attempt";
        for (int attempt = 0; attempt <= options.retries(); attempt++) {
            var b = HttpRequest.newBuilder(uri).timeout(options.timeout())
                    .header("Accept", "application/vnd.github+json")
                    .header("X-GitHub-Api-Version", "2022-11-28")
                    .header("Authorization", "Bearer " + token.value())
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) b.header("Content-Type", "application/json");
            HttpResponse<String> response;
            try {
                response = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                last = e.getClass().getSimpleName();
                sleep(backoff, method + " " + uri.getPath() + ": " + last);
                backoff *= 2;
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GitHubException(method + " " + uri.getPath() + " interrupted", -1);
            }
            int status = response.statusCode();
            Duration wait = rateLimitWait(response);
            if (wait != null) {
                if (wait.compareTo(options.maxWait()) > 0) {
                    throw new GitHubException(method + " " + uri.getPath() + ": rate limited for " + wait.toSeconds() + " s more; try again later", status);
                }
                last = "rate limited";
                sleep(wait.toMillis(), method + " " + uri.getPath() + ": rate limited, waiting " + wait.toSeconds() + " s");
                continue;
            }
            if (status >= 500) {
                last = "HTTP " + status;
                sleep(backoff, method + " " + uri.getPath() + ": HTTP " + status);
                backoff *= 2;
                continue;
            }
            return response;
        }
        throw new GitHubException(method + " " + uri.getPath() + " failed after " + (options.retries() + 1) + " attempts (" + last + ")", -1);
    }

    /** How long GitHub asks us to wait, for a 403/429 that is a rate limit; null otherwise. */
    static Duration rateLimitWait(HttpResponse<?> response) {
        int status = response.statusCode();
        if (status != 403 && status != 429) return null;
        var retryAfter = response.headers().firstValue("Retry-After");
        if (retryAfter.isPresent()) return Duration.ofSeconds(Long.parseLong(retryAfter.get().strip()));
        if ("0".equals(response.headers().firstValue("x-ratelimit-remaining").orElse(null))) {
            long reset = Long.parseLong(response.headers().firstValue("x-ratelimit-reset").orElse("0"));
            return Duration.ofSeconds(Math.max(1, reset - Instant.now().getEpochSecond()));
        }
        return null;
    }

    JsonNode read(HttpResponse<String> response, String what) throws GitHubException {
        if (response.statusCode() / 100 != 2) fail(response, what);
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new GitHubException(what + ": the answer is not JSON", response.statusCode());
        }
    }

    static void fail(HttpResponse<String> response, String what) throws GitHubException {
        String message;
        try {
            message = JSON.readTree(response.body()).path("message").asText("");
        } catch (IOException e) {
            message = "";
        }
        String hint = switch (response.statusCode()) {
            case 401 -> "; the token is not valid";
            case 403 -> "; the token lacks a scope (repo runners need 'repo', org runners 'admin:org')";
            case 404 -> "; no such repository or organisation, or the token cannot see it";
            default -> "";
        };
        throw new GitHubException(what + " answered HTTP " + response.statusCode() + (message.isEmpty() ? "" : ": " + message) + hint, response.statusCode());
    }

    private void sleep(long millis, String why) throws GitHubException {
        log.accept("github: " + why + "; retrying in " + millis + " ms");
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GitHubException("interrupted while waiting to retry", -1);
        }
    }
}
